"""Keys a channel can send besides text (no I/O here: decisions may name them)."""

from __future__ import annotations

import enum


class Key(enum.Enum):
    """Keys a channel can send besides text."""

    ESC = "esc"
    BREAK = "break"
    CR = "cr"
    CTRL_C = "ctrl-c"
