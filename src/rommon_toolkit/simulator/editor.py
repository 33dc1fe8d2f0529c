"""Line editing as the unit does it: echo, CR/LF/CRLF, backspace, Ctrl-U, masked input."""

from __future__ import annotations

from collections.abc import Callable

from rommon_toolkit.simulator.line import BREAK, Line

CR, LF, BS, DEL, CTRL_U, ESC = 0x0D, 0x0A, 0x08, 0x7F, 0x15, 0x1B


class Editor:
    """Reads lines and keys from the unit side of the line, echoing as a console does."""

    def __init__(self, line: Line) -> None:
        self.line = line
        self._swallow_lf = False  # a CR ended the last line: an LF right after belongs to it

    def echo(self, text: str) -> None:
        """Echo straight to the line (no newline translation)."""
        self.line.emit(text.encode("latin-1", "replace"))

    def read_key(self, timeout: float | None) -> int | None:
        """One raw byte (or BREAK); None on timeout. An LF right after a CR is skipped."""
        while True:
            byte = self.line.read_input(timeout)
            if byte == LF and self._swallow_lf:
                self._swallow_lf = False
                continue
            self._swallow_lf = byte == CR
            return byte

    def read_line(
        self,
        *,
        echo: bool = True,
        mask: str | None = None,
        on_question: Callable[[str], None] | None = None,
    ) -> str:
        """A line ended by CR, LF or CRLF. `mask` echoes that instead of each character;
        `on_question` handles `?` (ASA context help) and must redraw the prompt itself."""
        buffer: list[str] = []
        while True:
            byte = self.read_key(None)
            if byte is None or byte in (BREAK, ESC):
                continue
            if byte in (CR, LF):
                if echo:
                    self.echo("\r\n")
                return "".join(buffer)
            if byte in (BS, DEL):
                if buffer:
                    buffer.pop()
                    if echo:
                        self.echo("\b \b")
                continue
            if byte == CTRL_U:
                if echo:
                    self.echo("\b \b" * len(buffer))
                buffer.clear()
                continue
            if byte == ord("?") and on_question is not None:
                if echo:
                    self.echo("?")
                on_question("".join(buffer))
                continue
            if 0x20 <= byte < 0x7F:
                char = chr(byte)
                buffer.append(char)
                if echo:
                    self.echo(mask if mask is not None else char)
