"""The command line: argparse, one module per command, options into typed objects."""
