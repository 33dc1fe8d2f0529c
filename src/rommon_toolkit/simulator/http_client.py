"""The simulator's own small HTTP client: `copy http://S[:P]/FILE` fetches over real TCP.

One `GET` per copy, HTTP/1.0, streamed into the unit's sink (never the whole image in
memory). The link is modelled honestly: a configured round-trip time (`link_rtt`) is paid
once for the TCP handshake, once for the request, and once per receive window of data
(`WINDOW_BYTES`), as a windowed TCP sender waits for the ACKs of a full window. A `cancel`
event (power cut) stops the transfer at once. Timeouts are real seconds: the server is a
real peer.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rommon_toolkit.simulator.errors import (
    HttpCancelledError,
    HttpError,
    HttpStatusError,
    HttpTimeoutError,
)

# [G] the ASA's TCP receive window is not published: 64 KiB (no window scaling) is the
# classic default; with 1 ms RTT it caps a copy at 64 MB/s, far above any flash write rate.
WINDOW_BYTES = 64 * 1024
RECEIVE_CHUNK = 64 * 1024
POLL = 0.2  # how often a blocked receive looks at the cancel event
MAX_HEADER_BYTES = 16 * 1024
# [G] what the unit sends; the real ASA's request headers are not captured (its GETs were
# seen as HTTP/1.0 in a public capture, research notes section 5.1).
USER_AGENT = "rommon-toolkit-virtual-asa"

Progress = Callable[[int], None]


class Sink(Protocol):
    def write(self, data: bytes, /) -> object:
        """Store the next piece."""


@dataclass(frozen=True)
class HttpSettings:
    """Server port, the patience of the client, and the modelled link."""

    port: int = 80
    timeout: float = 30.0  # [G] seconds without a connection or a byte before giving up
    link_rtt: float = 0.0  # seconds per round trip (0: the loopback as it is)


@dataclass(frozen=True)
class HttpResult:
    """What one download moved."""

    size: int
    windows: int
    seconds: float


class HttpClient:
    """One client bound to a local address, fetching from one server."""

    def __init__(
        self,
        server: str,
        *,
        settings: HttpSettings | None = None,
        local_address: str | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.server = server
        self.settings = settings or HttpSettings()
        self.local_address = local_address
        self.cancel = cancel or threading.Event()

    def _round_trip(self) -> None:
        """Pay one RTT of the modelled link (cancelled by a power cut)."""
        rtt = self.settings.link_rtt
        if rtt > 0 and self.cancel.wait(rtt):
            raise HttpCancelledError("transfer cancelled: the unit lost power or reloaded")

    def _connect(self) -> socket.socket:
        source: tuple[str, int] | None = None
        if self.local_address:
            with socket.socket() as probe:
                try:
                    probe.bind((self.local_address, 0))
                    source = (self.local_address, 0)
                except OSError:
                    source = None  # not a local address: let the kernel pick
        self._round_trip()
        try:
            return socket.create_connection(
                (self.server, self.settings.port), self.settings.timeout, source
            )
        except TimeoutError as exc:
            raise HttpTimeoutError(f"no connection to {self.server}", "Timed out") from exc
        except ConnectionRefusedError as exc:
            raise HttpError(
                f"{self.server}:{self.settings.port} refused the connection", "Connection refused"
            ) from exc
        except OSError as exc:
            raise HttpError(f"cannot reach {self.server}: {exc}", exc.strerror or str(exc)) from exc

    def _receive(self, sock: socket.socket) -> bytes:
        """The next piece ("" at the end); HttpTimeoutError after `timeout` of silence."""
        deadline = time.monotonic() + self.settings.timeout
        while True:
            if self.cancel.is_set():
                raise HttpCancelledError("transfer cancelled: the unit lost power or reloaded")
            left = deadline - time.monotonic()
            if left <= 0:
                raise HttpTimeoutError(f"{self.server} sent nothing in time", "Timed out")
            sock.settimeout(min(POLL, left))
            try:
                return sock.recv(RECEIVE_CHUNK)
            except TimeoutError:
                continue
            except OSError as exc:
                raise HttpError(f"connection to {self.server} lost: {exc}", "I/O error") from exc

    def _headers(self, sock: socket.socket) -> tuple[int, str, dict[str, str], bytes]:
        """(status, reason, headers, the body bytes already received)."""
        data = b""
        while b"\r\n\r\n" not in data:
            piece = self._receive(sock)
            if not piece or len(data) > MAX_HEADER_BYTES:
                raise HttpError(f"{self.server} sent no complete HTTP answer", "I/O error")
            data += piece
        head, body = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
            raise HttpError(f"{self.server} sent {lines[0][:60]!r}", "I/O error")
        headers = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        return int(parts[1]), parts[2] if len(parts) > 2 else "", headers, body

    def download(self, path: str, sink: Sink, progress: Progress | None = None) -> HttpResult:
        """GET `/path` and stream the body into `sink`."""
        started = time.monotonic()
        with self._connect() as sock:
            port = self.settings.port
            host = self.server if port == 80 else f"{self.server}:{port}"
            request = (
                f"GET /{path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: {USER_AGENT}\r\n"
                "Accept: */*\r\n\r\n"
            )
            try:
                sock.sendall(request.encode("latin-1"))
            except OSError as exc:
                raise HttpError(f"cannot send to {self.server}: {exc}", "I/O error") from exc
            self._round_trip()
            status, reason, headers, body = self._headers(sock)
            if status != 200:
                raise HttpStatusError(status, reason)
            length = headers.get("content-length")
            expected = int(length) if length and length.isdigit() else None
            size, windows, in_window = 0, 0, 0
            piece = body
            while True:
                if piece:
                    sink.write(piece)
                    size += len(piece)
                    in_window += len(piece)
                    if progress is not None:
                        progress(size)
                    while in_window >= WINDOW_BYTES:  # the sender waits for this window's ACKs
                        in_window -= WINDOW_BYTES
                        windows += 1
                        self._round_trip()
                if expected is not None and size >= expected:
                    break
                piece = self._receive(sock)
                if not piece:
                    break
        if expected is not None and size != expected:
            raise HttpError(
                f"{self.server} closed the connection after {size} of {expected} bytes",
                "I/O error",
            )
        return HttpResult(size, windows, time.monotonic() - started)
