"""Decisions with no I/O: device text in, actions and verdicts out."""
