"""`CatalogServer`: tftpy's server with our own listen loop, serving only the catalog.

tftpy gives the server object (its root checks, `dyn_file_func` / `upload_open` hooks, the
`is_running` event and the graceful / immediate `stop()` flags) and the request decoder. Its
select loop, session contexts and option handling are replaced: every datagram to the listening
port is decoded inside a guard (junk is dropped with a log line naming the sender, never a
crash), each accepted request gets its own session thread and UDP socket (its TID).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import sys
import threading

import tftpy

from rommon_toolkit.tftp_server.bind import bind_udp
from rommon_toolkit.tftp_server.catalog import Catalog
from rommon_toolkit.tftp_server.errors import RequestRefusedError, TftpErrorCode
from rommon_toolkit.tftp_server.events import (
    DatagramDropped,
    EventCallback,
    RequestReceived,
    RequestRefused,
    ServerEvent,
)
from rommon_toolkit.tftp_server.opening import SessionFactory, Wiring
from rommon_toolkit.tftp_server.packets import (
    MalformedPacketError,
    Request,
    decode_request,
    encode_error,
)
from rommon_toolkit.tftp_server.records import RequestRecord
from rommon_toolkit.tftp_server.session import Session, SessionSettings
from rommon_toolkit.tftp_server.stats import TransferStats
from rommon_toolkit.tftp_server.uploads import UploadPolicy

log = logging.getLogger(__name__)

# Linux tells us which local address a request was sent to (IP_PKTINFO); the session socket
# binds to it, so a client that asked 192.168.1.2 gets its DATA from 192.168.1.2.
_IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8) if sys.platform.startswith("linux") else None
_PKTINFO = struct.Struct("=i4s4s")
_REQUEST_BUFFER = 4096
_IDLE_WAKE = 1.0
_DROP_LOG_LIMIT = 20

Address = tuple[str, int]


class CatalogServer(tftpy.TftpServer):  # type: ignore[misc]
    """A TFTP server whose reads all go through a catalog and whose writes need a policy."""

    def __init__(
        self,
        catalog: Catalog,
        empty_root: str,
        *,
        uploads: UploadPolicy | None,
        settings: SessionSettings,
        emit: EventCallback,
        max_sessions: int = 64,
    ) -> None:
        super().__init__(
            tftproot=empty_root,
            dyn_file_func=catalog.open_for_client,
            upload_open=uploads.open_for_client if uploads is not None else None,
        )
        self.shutdown_gracefully: bool = False
        self.shutdown_immediately: bool = False
        self.sessions: dict[str, Session] = {}
        self.catalog = catalog
        self.emit = emit
        self.max_sessions = max_sessions
        self.transfers: list[TransferStats] = []
        self.requests: list[RequestRecord] = []
        self.dropped = 0
        self._listener: socket.socket | None = None
        self._local = "0.0.0.0"
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._pktinfo = False
        self._waker: socket.socket | None = None
        wiring = Wiring(settings, self._emit, self._closed)
        self._factory = SessionFactory(self.dyn_file_func, self.upload_open, uploads, wiring)

    # -- socket --------------------------------------------------------------------------
    def bind(self, address: str, port: int) -> int:
        """Bind the listening socket (BindError with advice on failure); return the port."""
        sock = bind_udp(address, port)
        if address == "0.0.0.0" and _IP_PKTINFO is not None:
            try:
                sock.setsockopt(socket.IPPROTO_IP, _IP_PKTINFO, 1)
                self._pktinfo = True
            except OSError:
                self._pktinfo = False
        sock.settimeout(_IDLE_WAKE)
        self._waker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._listener = self.sock = sock
        self._local = self.listenip = address
        self._factory.fallback_address = address
        self.listenport = int(sock.getsockname()[1])
        return self.listenport

    def _receive(self, sock: socket.socket) -> tuple[bytes, Address, str] | None:
        """One datagram, its sender, and the local address it was sent to (None: nothing)."""
        try:
            if self._pktinfo:
                data, ancillary, _flags, peer = sock.recvmsg(
                    _REQUEST_BUFFER, socket.CMSG_SPACE(_PKTINFO.size)
                )
                local = self._local
                for level, kind, payload in ancillary:
                    if level == socket.IPPROTO_IP and kind == _IP_PKTINFO:
                        local = socket.inet_ntoa(_PKTINFO.unpack_from(payload)[1])
                return data, peer, local
            data, peer = sock.recvfrom(_REQUEST_BUFFER)
        except (TimeoutError, BlockingIOError, InterruptedError):
            return None
        except OSError as exc:  # ICMP echoes (ECONNREFUSED) and the like: keep listening
            log.debug("listening socket: %s", exc)
            return None
        return data, peer, self._local

    def wake(self, sock: socket.socket) -> None:
        """Send an empty datagram to `sock` so a thread blocked on it looks at its flags."""
        waker = self._waker
        if waker is None:
            return
        with contextlib.suppress(OSError):
            address, port = sock.getsockname()
            waker.sendto(b"", ("127.0.0.1" if address == "0.0.0.0" else address, port))

    # -- loop ----------------------------------------------------------------------------
    def listen(
        self,
        listenip: str = "0.0.0.0",
        listenport: int = tftpy.DEF_TFTP_PORT,
        timeout: object = None,
        retries: object = None,
    ) -> None:
        """Serve until stopped (tftpy's entry point; `timeout`/`retries` are not used)."""
        del timeout, retries
        if self._listener is None:
            self.bind(listenip or "0.0.0.0", listenport)
        sock = self._listener
        assert sock is not None
        self.is_running.set()
        try:
            while not self.shutdown_immediately:
                if self.shutdown_gracefully and not self.sessions:
                    break
                received = self._receive(sock)
                if received is None or self.shutdown_immediately:
                    continue
                data, peer, local = received
                if self.shutdown_gracefully:
                    if data:
                        log.info("stopping: request from %s:%d not served", *peer)
                    continue
                try:
                    self.handle(data, peer, local)
                except Exception:  # a bug must cost one request, never the server
                    log.exception("request from %s:%d could not be handled", *peer)
        finally:
            self._stop_sessions()
            sock.close()
            if self._waker is not None:
                self._waker.close()
            self.is_running.clear()
            self.shutdown_gracefully = self.shutdown_immediately = False

    def stop(self, now: bool = False) -> None:
        """tftpy semantics: graceful (finish transfers, take no new ones) or immediate."""
        super().stop(now)
        if now:
            self._stop_sessions()
        if self._listener is not None:
            self.wake(self._listener)

    def join(self, timeout: float) -> None:
        """Wait (up to `timeout` seconds each) for the session threads to end."""
        for thread in list(self._threads):
            thread.join(timeout)

    def _stop_sessions(self) -> None:
        with self._lock:
            sessions = list(self.sessions.values())
        for session in sessions:
            session.stop()
            self.wake(session.sock)

    # -- requests --------------------------------------------------------------------------
    def _emit(self, event: ServerEvent) -> None:
        try:
            self.emit(event)
        except Exception:  # the owner's callback must not break the server
            log.exception("on_event callback failed for %r", event)

    def handle(self, data: bytes, peer: Address, local: str) -> None:
        """Decode one datagram to the listening port and start or refuse a transfer."""
        try:
            request = decode_request(data)
        except MalformedPacketError as exc:
            self._drop(peer, str(exc))
            return
        key = f"{peer[0]}:{peer[1]}"
        with self._lock:
            duplicate = key in self.sessions
        if duplicate:
            log.debug("repeated request from %s (its transfer is running)", key)
            return
        log.info(
            "%s:%d asks to %s %r %s", *peer, request.direction, request.filename, request.options
        )
        if request.options_problem:
            log.warning(
                "%s:%d: %s; only readable name/value pairs kept", *peer, request.options_problem
            )
        self._emit(RequestReceived(peer, request.filename, request.direction, request.options))
        try:
            session = self._admit(request, peer, local)
        except RequestRefusedError as exc:
            self._refuse(request, peer, exc)
            return
        with self._lock:
            self.requests.append(RequestRecord(peer, request.filename, request.direction, True, ""))
            self.sessions[key] = session
            self.transfers.append(session.stats)
            thread = threading.Thread(
                target=session.run, name=f"tftp-{session.stats.transfer_id}-{key}", daemon=True
            )
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _admit(self, request: Request, peer: Address, local: str) -> Session:
        with self._lock:
            busy = len(self.sessions) >= self.max_sessions
        if busy:
            raise RequestRefusedError(
                TftpErrorCode.NOT_DEFINED, f"server busy ({self.max_sessions} transfers running)"
            )
        return self._factory.open(request, peer, local)

    def _drop(self, peer: Address, reason: str) -> None:
        self.dropped += 1
        if self.dropped <= _DROP_LOG_LIMIT:
            log.warning("dropped a datagram from %s:%d: %s", *peer, reason)
        self._emit(DatagramDropped(peer, reason))

    def _refuse(self, request: Request, peer: Address, exc: RequestRefusedError) -> None:
        log.warning(
            "refused %s of %r from %s:%d: %s (error %d)",
            request.direction,
            request.filename,
            *peer,
            exc.reason,
            exc.code,
        )
        with self._lock:
            self.requests.append(
                RequestRecord(peer, request.filename, request.direction, False, exc.reason)
            )
        try:
            self._listener_send(encode_error(exc.code, _client_text(exc)), peer)
        except OSError as send_error:
            log.debug("could not send the refusal to %s:%d: %s", *peer, send_error)
        self._emit(
            RequestRefused(peer, request.filename, request.direction, int(exc.code), exc.reason)
        )

    def _listener_send(self, packet: bytes, peer: Address) -> None:
        if self._listener is not None:
            self._listener.sendto(packet, peer)

    def _closed(self, session: Session) -> None:
        key = f"{session.client[0]}:{session.client[1]}"
        with self._lock:
            if self.sessions.get(key) is session:
                del self.sessions[key]
            idle = not self.sessions
        if idle and self.shutdown_gracefully and self._listener is not None:
            self.wake(self._listener)


def _client_text(exc: RequestRefusedError) -> str:
    """What the client is told: the RFC wording first (ROMMONs print it), then the reason."""
    standard = {
        TftpErrorCode.FILE_NOT_FOUND: "File not found",
        TftpErrorCode.ACCESS_VIOLATION: "Access violation",
        TftpErrorCode.DISK_FULL: "Disk full or allocation exceeded",
        TftpErrorCode.ILLEGAL_OPERATION: "Illegal TFTP operation",
    }.get(exc.code)
    return f"{standard}: {exc.reason}" if standard else exc.reason
