"""The procedure: decisions, records, the device conversation, workflows, terminal UI, CLI.

Sits on top of `rommon_toolkit.console` (the line) and `rommon_toolkit.tftp_server` (the file
server). The layers, top to bottom, and what each may import, are in README.md ("Layout") and
enforced by the import-linter contracts in pyproject.toml.
"""
