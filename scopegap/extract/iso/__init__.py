"""ISO certificates, one module per concern; ``assemble.extract_certificate`` is the entry point."""
