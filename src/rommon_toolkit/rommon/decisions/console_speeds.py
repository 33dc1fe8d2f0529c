"""The console speeds an ASA 5506-X/5508-X/5516-X can use, and the order `--baud auto` tries."""

from __future__ import annotations

# ROMMON confreg / `console speed`; 9600 8N1 is the factory default.
CONSOLE_SPEEDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
AUTO_BAUD = 0  # what `--baud auto` parses to
AUTO_ORDER = (9600, 115200, 38400, 19200, 57600, 4800, 2400, 1200)  # likeliest first
NOISE_SHARE = 20  # more than 1 noise character per 20 of text: a speed mismatch, not a glitch


def garbled(text: int, noise: int) -> bool:
    """True when line noise outweighs the text (counts from the normaliser)."""
    return noise * NOISE_SHARE > text
