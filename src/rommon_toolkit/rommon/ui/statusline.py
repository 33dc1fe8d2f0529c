"""The console's status line: the bottom terminal row, kept out of the scrolling region."""

from __future__ import annotations

import shutil
from typing import BinaryIO

from rommon_toolkit.rommon.decisions.classify import ProbeResult

ESC = "\x1b"


def status_text(result: ProbeResult, transcript: str) -> str:
    """`rommon | rommon 1 > | transcript: runs/x.jsonl | Ctrl-] ? help`."""
    parts = [result.state.value]
    shown = result.prompt or result.question
    if shown:
        parts.append(shown.strip())
    if result.model:
        parts.append(result.model)
    parts.append(f"transcript: {transcript}")
    parts.append("Ctrl-] ? help")
    return " | ".join(parts)


class StatusLine:
    """Draws one status row at the bottom using a VT100 scrolling region (DECSTBM)."""

    def __init__(self, out: BinaryIO, enabled: bool = True) -> None:
        self._out = out
        self.enabled = enabled
        self._size: tuple[int, int] | None = None
        self._text = ""

    def _rows_cols(self) -> tuple[int, int]:
        size = shutil.get_terminal_size((80, 24))
        return max(size.lines, 3), max(size.columns, 20)

    def setup(self) -> None:
        """Reserve the last row and park the cursor just above it."""
        if not self.enabled:
            return
        rows, cols = self._rows_cols()
        self._size = (rows, cols)
        self._write(f"\n{ESC}7{ESC}[1;{rows - 1}r{ESC}8{ESC}[{rows - 1};1H")

    def show(self, text: str) -> None:
        """Replace the status text."""
        self._text = text
        if not self.enabled:
            return
        rows, cols = self._rows_cols()
        if (rows, cols) != self._size:
            self._size = (rows, cols)
            self._write(f"{ESC}7{ESC}[1;{rows - 1}r{ESC}8")
        line = text[: cols - 1]
        self._write(f"{ESC}7{ESC}[{rows};1H{ESC}[2K{ESC}[7m{line}{ESC}[0m{ESC}8")

    def teardown(self) -> None:
        """Give the whole screen back."""
        if not self.enabled or self._size is None:
            return
        rows, _ = self._rows_cols()
        self._write(f"{ESC}7{ESC}[{rows};1H{ESC}[2K{ESC}8{ESC}[r{ESC}[{rows - 1};1H\r\n")

    def _write(self, text: str) -> None:
        self._out.write(text.encode("utf-8", "replace"))
        self._out.flush()
