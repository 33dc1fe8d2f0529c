"""The console line: open any port by URL, a pexpect channel with deadlines, transcripts.

Knows nothing of `rommon`, `tftp_server` or `simulator` (ARCHITECTURE.md, layers 1-3).
"""
