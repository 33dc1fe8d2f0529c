"""Raw keystrokes from the local terminal, with a short wait so a stop request is noticed."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

WAIT_SECONDS = 0.2


if sys.platform == "win32":
    import msvcrt

    from rommon_toolkit.console.deadline import pause

    @contextmanager
    def raw_keyboard() -> Iterator[None]:
        """Windows consoles deliver keys one by one already; nothing to switch."""
        yield

    def read_keys() -> bytes:
        """Keys typed so far, or b"" after a short wait."""
        if not msvcrt.kbhit():
            pause(WAIT_SECONDS)  # on the one clock
            if not msvcrt.kbhit():
                return b""
        chars = []
        while msvcrt.kbhit():
            chars.append(msvcrt.getwch())
        return "".join(chars).encode("utf-8", "replace")

else:
    import select
    import termios
    import tty

    @contextmanager
    def raw_keyboard() -> Iterator[None]:
        """Put the terminal in raw mode (every key, Ctrl-C included, comes to us)."""
        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        tty.setraw(fd)
        try:
            yield
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)

    def read_keys() -> bytes:
        """Keys typed so far, or b"" after a short wait."""
        fd = sys.stdin.fileno()
        ready, _, _ = select.select([fd], [], [], WAIT_SECONDS)
        if not ready:
            return b""
        data = os.read(fd, 1024)
        if not data:
            raise EOFError("the terminal closed")
        return data
