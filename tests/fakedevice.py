"""A small in-test device at the far end of a real pty or a real loopback TCP socket.

It plays text at serial pacing (9600 baud = 960 characters a second by default; `baud=None`
fast-forwards) and answers what it receives through `answers` (received bytes -> text to
play). Everything received is kept in `received`; `wait_received` waits on a condition, never
on a sleep.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import tty
from collections.abc import Callable

PACE_CHUNK = 8  # characters written per pacing step
FAST_CHUNK = 65536  # characters offered per write when fast-forwarding
POLL = 0.05  # how often the I/O thread checks for a stop request while idle


class FakeDevice:
    """The far end of the console cable, run in a thread."""

    def __init__(
        self,
        kind: str = "pty",
        *,
        baud: int | None = 9600,
        answers: dict[bytes, str] | None = None,
        on_receive: Callable[[FakeDevice, bytes], None] | None = None,
    ) -> None:
        self.baud = baud
        self.answers = dict(answers or {})
        self.on_receive = on_receive
        self.received = bytearray()
        self._out = bytearray()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._cable_pulled = False
        self._conn: socket.socket | None = None
        self._server: socket.socket | None = None
        self._master = -1
        self._slave = -1
        if kind == "pty":
            self._master, self._slave = os.openpty()
            tty.setraw(self._slave)  # no echo or CR/LF translation before pyserial opens it
            self.url = os.ttyname(self._slave)
        elif kind == "tcp":
            self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._server.bind(("127.0.0.1", 0))
            self._server.listen(1)
            self.url = f"socket://127.0.0.1:{self._server.getsockname()[1]}"
        else:
            raise ValueError(f"unknown device kind {kind!r}")
        self._thread = threading.Thread(target=self._run, name="fake-device", daemon=True)
        self._thread.start()

    # --- what tests call -------------------------------------------------------------------
    def play(self, text: str | bytes) -> None:
        """Queue text to send (paced)."""
        data = text.encode("latin-1") if isinstance(text, str) else text
        with self._cond:
            self._out += data
            self._cond.notify_all()

    def wait_received(self, needle: bytes, timeout: float = 5.0) -> bool:
        """True once `needle` was received (False after `timeout`)."""
        with self._cond:
            return self._cond.wait_for(lambda: needle in self.received, timeout)

    def wait_played(self, timeout: float = 10.0) -> bool:
        """True once everything queued was written."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._out, timeout)

    def pull_cable(self) -> None:
        """Drop the connection as a pulled cable would (the pty master or the TCP socket)."""
        with self._cond:
            self._cable_pulled = True
            self._cond.notify_all()
        self._stop.set()
        self._thread.join(5)
        self._close_far_end()

    def close(self) -> None:
        """Stop the device and release everything it holds."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self._thread.join(5)
        self._close_far_end()
        if self._slave >= 0:
            os.close(self._slave)
            self._slave = -1
        if self._server is not None:
            self._server.close()
            self._server = None

    # --- the I/O thread --------------------------------------------------------------------
    def _close_far_end(self) -> None:
        if self._master >= 0:
            os.close(self._master)
            self._master = -1
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _fd(self) -> int | None:
        if self._master >= 0:
            return self._master
        if self._conn is None and self._server is not None:
            ready, _, _ = select.select([self._server], [], [], POLL)
            if ready:
                self._conn, _ = self._server.accept()
        return self._conn.fileno() if self._conn is not None else None

    def _run(self) -> None:
        while not self._stop.is_set():
            fd = self._fd()
            if fd is None:
                continue
            with self._cond:
                pending = bytes(self._out[: PACE_CHUNK if self.baud else FAST_CHUNK])
            wait = POLL if not pending else 0
            ready, _, _ = select.select([fd], [], [], wait)
            if ready and not self._receive(fd):
                return
            if pending:
                self._send(fd, pending)

    def _receive(self, fd: int) -> bool:
        try:
            data = os.read(fd, 4096)
        except OSError:
            return False
        if not data:
            return False
        replies = [text for trigger, text in self.answers.items() if trigger in data]
        with self._cond:
            self.received += data
            for text in replies:
                self._out += text.encode("latin-1")
            self._cond.notify_all()
        if self.on_receive is not None:
            self.on_receive(self, data)
        return True

    def _send(self, fd: int, chunk: bytes) -> None:
        try:
            written = os.write(fd, chunk)
        except OSError:
            return
        with self._cond:
            del self._out[:written]
            if not self._out:
                self._cond.notify_all()
        if self.baud:
            # serial pacing: 10 bits per character; an Event wait, not a sleep
            self._stop.wait(written * 10 / self.baud)
