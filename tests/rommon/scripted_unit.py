"""A scripted unit for driver tests: a FakeDevice with a line discipline and command table.

Keys (ESC, CR alone) and typed lines go to handlers that play reference text back; every line
typed is recorded so tests can assert what the toolkit sent (and never sent).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.fakedevice import FakeDevice

BANNER_5506 = (
    "Rom image verified correctly\r\n\r\n"
    "Cisco Systems ROMMON, Version 1.1.14, RELEASE SOFTWARE\r\n"
    "Copyright (c) 1994-2019  by Cisco Systems, Inc.\r\n"
    "Compiled Mon 10/07/2019 15:31:50.28 by builder\r\n\r\n"
    "Current image running: Boot ROM0\r\n"
    "Last reset cause: PowerOn\r\n"
    "DIMM Slot 0 : Present\r\n\r\n"
    "Platform ASA5506 with 4096 Mbytes of main memory\r\n"
    "MAC Address: 74:88:bb:c8:72:bf\r\n\r\n"
    "Use BREAK or ESC to interrupt boot.\r\n"
    "Use SPACE to begin boot immediately.\r\n"
)
INTERRUPTED = "Boot interrupted.  \r\nrommon 1 > "
ERASE = (
    "INFO: PASSWORD RECOVERY functionality is disabled.\r\n"
    "WARNING: Password recovery and ROMMON command line access has been\r\n"
    "disabled by your security policy. Answering YES below will cause ALL\r\n"
    "configurations, passwords, images in 'disk0:' to be erased.\r\n"
    "ROMMON command line access will be re-enabled, and a new image must be\r\n"
    "downloaded via ROMMON.\r\n\r\n"
    "Permanently erase 'disk0:'? "
)
SHUTDOWN = (
    "\r\n***\r\n*** --- START GRACEFUL SHUTDOWN ---\r\nShutting down isakmp\r\n"
    "***\r\n*** --- SHUTDOWN NOW ---\r\nProcess shutdown finished\r\n"
    "Rebooting... (status 0x9)\r\n"
)

Handler = Callable[["ScriptedUnit", str], None]


class ScriptedUnit:
    """Lines typed (CR-terminated) and bare keys, dispatched to handlers."""

    def __init__(self, *, prompt: str = "") -> None:
        self.lines: list[str] = []
        self.keys: list[bytes] = []
        self.prompt = prompt
        self.commands: dict[str, Handler] = {}
        self.on_key: dict[bytes, Handler] = {}
        self.default: Handler | None = None
        self.echo_next = True  # a handler that asks for a password sets this False
        self._partial = bytearray()
        self.device = FakeDevice("pty", baud=None, on_receive=self._receive)

    @property
    def url(self) -> str:
        return self.device.url

    def play(self, text: str) -> None:
        self.device.play(text)

    def _receive(self, _device: FakeDevice, data: bytes) -> None:
        for byte in data:
            char = bytes([byte])
            if char == b"\x1b" or (char in self.on_key and not self._partial):  # a bare key
                self.keys.append(char)
                if char in self.on_key:
                    self.on_key[char](self, "")
            elif char == b"\r":
                line = self._partial.decode("latin-1")
                self._partial.clear()
                self.lines.append(line)
                self.play((line if self.echo_next else "") + "\r\n")  # echo, as a console does
                self.echo_next = True
                handler = self.commands.get(line.strip(), self.default)
                if handler is not None:
                    handler(self, line)
                elif self.prompt:
                    self.play(self.prompt)
            else:
                self._partial += char

    def close(self) -> None:
        self.device.close()
