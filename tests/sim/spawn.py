"""A minimal pexpect spawn over a pyserial port, written for the simulator's tests.

The simulator is tested with plain pexpect, not with the project's console layer.
"""

from __future__ import annotations

from typing import Any

import pexpect
import serial
from pexpect.spawnbase import SpawnBase

ESC = "\x1b"


class PortSpawn(SpawnBase):  # type: ignore[misc]
    """pexpect on a pyserial port (`sim://...`); Enter is CR as on a terminal."""

    def __init__(self, port: serial.SerialBase, timeout: float = 20.0) -> None:
        super().__init__(timeout=timeout, maxread=65536, encoding="latin-1")
        self.port = port
        self.delaybeforesend = None

    def read_nonblocking(self, size: int = 1, timeout: float | None = -1) -> str:
        if timeout == -1:
            timeout = self.timeout
        self.port.timeout = timeout
        first = self.port.read(1)
        if not first:
            raise pexpect.TIMEOUT("no output from the unit")
        self.port.timeout = 0
        data = first + self.port.read(min(size, max(self.port.in_waiting, 1)))
        text: str = self._decoder.decode(data, final=False)
        self._log(text, "read")
        return text

    def send(self, s: Any) -> int:
        data = s.encode("latin-1") if isinstance(s, str) else bytes(s)
        self._log(s, "send")
        return int(self.port.write(data))

    def sendline(self, s: str = "") -> int:
        return self.send(s + "\r")

    def isalive(self) -> bool:
        return bool(self.port.is_open)

    def close(self) -> None:
        self.port.close()
