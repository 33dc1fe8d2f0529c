"""Subcommand modules of the `rommon` CLI; each exposes `register(subparsers)`."""
