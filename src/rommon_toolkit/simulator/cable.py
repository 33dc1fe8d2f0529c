"""The host end of the console cable: what a terminal, pyserial or a pty pump uses."""

from __future__ import annotations

import time

from rommon_toolkit.simulator.line import Line


class Cable:
    """Read what the unit prints, type to it, send BREAK; raises while unplugged.

    Every call raises `CableUnpluggedError` while the cable is out, like a yanked USB
    console adapter.
    """

    def __init__(self, line: Line) -> None:
        self._line = line

    @property
    def plugged(self) -> bool:
        """True while the cable is in."""
        return self._line.plugged

    def read(self, size: int = 1, timeout: float | None = None) -> bytes:
        """Up to `size` bytes: waits up to `timeout` (None: forever) for the first byte."""
        return self._line.host_read(size, timeout)

    def read_exactly(self, size: int, timeout: float | None) -> bytes:
        """pyserial semantics: wait until `size` bytes or the timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        data = bytearray()
        while len(data) < size:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            piece = self._line.host_read(size - len(data), left)
            data += piece
            if not piece and (deadline is None or time.monotonic() >= deadline):
                break
        return bytes(data)

    def write(self, data: bytes) -> int:
        """Type bytes at the unit."""
        return self._line.host_write(data)

    def send_break(self) -> None:
        """Send a BREAK condition."""
        self._line.host_break()

    @property
    def in_waiting(self) -> int:
        """Bytes ready to read."""
        return self._line.host_in_waiting()

    def discard_input(self) -> None:
        """Drop what the unit printed and nobody read yet."""
        self._line.host_discard()

    def set_host_baud(self, baud: int | None) -> None:
        """The host's line speed (None: unknown, as on a pty or TCP); a mismatch garbles."""
        self._line.host_baud = baud
