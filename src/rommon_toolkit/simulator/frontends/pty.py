"""`rommon sim --pty`: the console on a pseudo-terminal (usable from picocom, screen)."""

from __future__ import annotations

import contextlib
import os
import threading
import tty

from rommon_toolkit.simulator.frontends.pump import CHUNK, Stopper, host_to_unit, unit_to_host
from rommon_toolkit.simulator.unit import VirtualAsa


class PtyConsole:
    """A raw pty whose slave end (`path`) is the unit's console port.

    The simulator keeps the slave open so the pty lives while terminals come and go;
    output nobody reads is dropped once the pty buffer is full, as on an unwatched line.
    """

    def __init__(self, unit: VirtualAsa) -> None:
        self.unit = unit
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        os.set_blocking(self._master, False)
        self.path = os.ttyname(self._slave)
        self._stopper = Stopper()
        self._threads = [
            threading.Thread(target=self._out, name="pty-out", daemon=True),
            threading.Thread(target=self._in, name="pty-in", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _send(self, data: bytes) -> None:
        with contextlib.suppress(BlockingIOError):
            os.write(self._master, data)

    def _receive(self) -> bytes:
        return os.read(self._master, CHUNK)

    def _out(self) -> None:
        unit_to_host(self.unit.cable, self._send, self._stopper)

    def _in(self) -> None:
        host_to_unit(self._receive, self._master, self.unit.cable, self._stopper)

    def close(self) -> None:
        """Stop the pumps and release the pty."""
        self._stopper.stop()
        for thread in self._threads:
            thread.join(timeout=5)
        self._stopper.close()
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
