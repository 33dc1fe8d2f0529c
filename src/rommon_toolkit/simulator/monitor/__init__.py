"""The Kenton ROMMON personality: banner, countdown, variables, commands, TFTP boot."""
