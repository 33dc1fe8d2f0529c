"""Workflows: recovery, staging, boot repair, backup, firmware, password, bench."""
