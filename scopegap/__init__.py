"""scopegap: does the vendor's certificate or SOC report cover what the contract declares?"""

__version__ = "0.1.0"
