"""Feedback on a terminal: one progress line redrawn in place, questions via prompt_toolkit."""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

from rommon_toolkit.rommon.feedback import PlainFeedback
from rommon_toolkit.rommon.ui.progress import Bar, format_bar

REDRAW_INTERVAL = 0.2


@dataclass
class TerminalFeedback:
    """For a TTY: progress redraws one line; messages print above it; yes/no questions ask."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    assume_yes: bool = False
    _drawn: bool = False
    _last_draw: float = 0.0

    def _clear(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[2K")
            self._drawn = False

    def tell(self, message: str) -> None:
        self._clear()
        print(f"rommon: {message}", file=self.stream, flush=True)

    def warn(self, message: str) -> None:
        self._clear()
        print(f"rommon: WARNING: {message}", file=self.stream, flush=True)

    def confirm(self, question: str) -> bool:
        self._clear()
        if self.assume_yes:
            print(f"rommon: {question} -> yes (--yes)", file=self.stream, flush=True)
            return True
        from prompt_toolkit.shortcuts import confirm

        try:
            return bool(confirm(f"rommon: {question} "))
        except (EOFError, KeyboardInterrupt):
            return False

    def progress(self, label: str, done: int, total: int | None, detail: str = "") -> None:
        now = time.monotonic()
        if now - self._last_draw < REDRAW_INTERVAL and done != total:
            return
        self._last_draw = now
        width = shutil.get_terminal_size().columns - 1
        line = format_bar(Bar(key=label, label=label, done=done, total=total, detail=detail), width)
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self._drawn = True
        if total and done >= total:
            self.stream.write("\n")
            self._drawn = False


def feedback_for(
    assume_yes: bool, stream: TextIO | None = None
) -> TerminalFeedback | PlainFeedback:
    """Bars and questions on a terminal; plain lines (and --yes only) otherwise."""
    out = stream or sys.stderr
    if out.isatty() and sys.stdin.isatty():
        return TerminalFeedback(out, assume_yes)
    return PlainFeedback(out, assume_yes)
