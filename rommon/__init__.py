"""rommon-toolkit: console and ROMMON recovery for Cisco ASA 5506-X / 5508-X / 5516-X.

This package holds the procedure (patterns, states, decisions, steps) and the CLI. It sits on
top of `console` (the line) and `tftp_server` (the file server); see ARCHITECTURE.md.
"""

__version__ = "0.1.0"
