"""SOC 2 / SOC 3 reports, one module per concern; ``assemble.extract_soc`` is the entry point."""
