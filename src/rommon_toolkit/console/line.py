"""What a console line is: its settings, what its transport can do, and its interface.

`ByteLine` is the interface every layer above talks to; `console.port.Line` (pyserial) and
`console.replay.ReplayLine` (a recorded session) both provide it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

Parity = Literal["N", "E", "O", "M", "S"]


@dataclass(frozen=True)
class LineSettings:
    """Serial line settings; the default is the ASA console's 9600 8N1, no flow control."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: Parity = "N"
    stopbits: float = 1
    xonxoff: bool = False
    rtscts: bool = False

    def describe(self) -> str:
        """Short form such as `9600 8N1`."""
        stop = int(self.stopbits) if float(self.stopbits).is_integer() else self.stopbits
        flow = " xonxoff" if self.xonxoff else ""
        flow += " rtscts" if self.rtscts else ""
        return f"{self.baudrate} {self.bytesize}{self.parity}{stop}{flow}"


@dataclass(frozen=True)
class Capabilities:
    """What a transport can really do (pyserial silently ignores some requests)."""

    can_send_break: bool
    can_change_baud: bool


class ByteLine(Protocol):
    """A console line moving bytes: the interface of `Line` and `ReplayLine`."""

    @property
    def url(self) -> str:
        """Where the line goes (a URL or a device path)."""
        ...

    @property
    def settings(self) -> LineSettings:
        """The line settings in force."""
        ...

    @property
    def capabilities(self) -> Capabilities:
        """What the transport can do."""
        ...

    def read(self, max_bytes: int, timeout: float | None) -> bytes:
        """Up to `max_bytes`, returning as soon as any arrive; b"" when `timeout` passes.

        `timeout=None` blocks until bytes arrive. Raises LineLostError when the line is gone.
        """
        ...

    def write(self, data: bytes) -> None:
        """Send bytes; raises LineLostError when the line is gone."""
        ...

    def send_break(self, duration: float = 0.25) -> None:
        """Hold the line in BREAK for `duration` seconds (UnsupportedOperationError if it can't)."""
        ...

    def close(self) -> None:
        """Close the line (a second call does nothing)."""
        ...
