"""`CatalogServer`: our listen loop, serving only the catalog (and uploads under a policy).

Every datagram to the listening port is decoded inside a guard (junk is dropped with a log line
naming the sender, never a crash). An accepted request gets its own UDP socket (its TID) and
runs in a forked child process (`isolation="process"`, the default on Linux: transfers use
every core, see `processes.py`) or in a thread of this process (`"thread"`). Either way the
catalog, the refusals, admission (`admission.py`: caps per client address and in total, never
against a reserved address) and the records stay here, in the listener. What the server
remembers is bounded (`records.py`).
"""

from __future__ import annotations

import contextlib
import logging
import selectors
import socket
import struct
import sys
import threading
import time
from typing import Any, Literal

from rommon_toolkit.tftp_server.admission import Admission, AdmissionLimits
from rommon_toolkit.tftp_server.bind import bind_udp
from rommon_toolkit.tftp_server.catalog import Catalog
from rommon_toolkit.tftp_server.context import SessionSettings
from rommon_toolkit.tftp_server.errors import RequestRefusedError
from rommon_toolkit.tftp_server.events import (
    DatagramDropped,
    EventCallback,
    RequestReceived,
    RequestRefused,
    ServerEvent,
    TransferFailed,
)
from rommon_toolkit.tftp_server.opening import SessionFactory, Wiring
from rommon_toolkit.tftp_server.packets import (
    MalformedPacketError,
    Request,
    decode_request,
    encode_error,
)
from rommon_toolkit.tftp_server.processes import (
    CAN_FORK,
    ChildTransfer,
    apply_ending,
    fork_session,
    mark_lost,
    relog,
)
from rommon_toolkit.tftp_server.records import RequestLog, TransferLog, shown_name
from rommon_toolkit.tftp_server.refusal import client_text
from rommon_toolkit.tftp_server.session import Session
from rommon_toolkit.tftp_server.uploads import UploadPolicy

log = logging.getLogger(__name__)

# Linux tells us which local address a request was sent to (IP_PKTINFO); the session socket
# binds to it, so a client that asked 192.168.1.2 gets its DATA from 192.168.1.2.
_IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8) if sys.platform.startswith("linux") else None
_PKTINFO = struct.Struct("=i4s4s")
_REQUEST_BUFFER = 4096
_IDLE_WAKE = 1.0
_DROP_LOG_LIMIT = 20
_REFUSAL_LOG_LIMIT = 50
_CHILD_STOP_TIMEOUT = 5.0

Address = tuple[str, int]
Isolation = Literal["process", "thread"]
# Python 3.12+ deprecates fork() in a threaded process (the toolkit always has threads): there
# transfers run in threads, as on every platform without fork.
FORK_BY_DEFAULT = CAN_FORK and sys.platform.startswith("linux") and sys.version_info < (3, 12)
DEFAULT_ISOLATION: Isolation = "process" if FORK_BY_DEFAULT else "thread"


class CatalogServer:
    """A TFTP server whose reads all go through a catalog and whose writes need a policy."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        uploads: UploadPolicy | None,
        settings: SessionSettings,
        emit: EventCallback,
        limits: AdmissionLimits | None = None,
        isolation: Isolation = DEFAULT_ISOLATION,
    ) -> None:
        if isolation == "process" and not CAN_FORK:
            isolation = "thread"
        self.isolation: Isolation = isolation
        self.catalog = catalog
        self.emit = emit
        self.sessions: dict[Address, tuple[Session, bool]] = {}
        self.admission = Admission(limits or AdmissionLimits())
        self.requests = RequestLog(self.admission.is_reserved)
        self.transfers = TransferLog(self.admission.is_reserved)
        self.dropped = 0
        self.refusals_logged = 0
        self.is_running = threading.Event()
        self.port = 0
        self._stopping = False
        self._listener: socket.socket | None = None
        self._local = "0.0.0.0"
        self.lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._pktinfo = False
        self._waker: socket.socket | None = None
        self._selector: selectors.BaseSelector | None = None
        self._children: dict[int, ChildTransfer] = {}  # by channel fd; listener thread only
        wiring = Wiring(settings, self._emit, self._closed)
        open_write = uploads.open_for_client if uploads is not None else None
        self._factory = SessionFactory(catalog.open_for_client, open_write, uploads, wiring)

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
        sock.setblocking(False)
        self._waker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._listener = sock
        self._local = address
        self._factory.fallback_address = address
        self.port = int(sock.getsockname()[1])
        return self.port

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

    def wake(self, where: tuple[str, int]) -> None:
        """Send an empty datagram to the socket bound at `where`, so whoever waits on it looks
        at its flags."""
        waker = self._waker
        if waker is None:
            return
        address, port = where
        with contextlib.suppress(OSError):
            waker.sendto(b"", ("127.0.0.1" if address == "0.0.0.0" else address, port))

    # -- loop ----------------------------------------------------------------------------
    def serve(self) -> None:
        """Serve until `stop()` (thread body; `bind()` first)."""
        sock = self._listener
        if sock is None:
            raise RuntimeError("bind() the server before serve()")
        selector = self._selector = selectors.DefaultSelector()
        selector.register(sock, selectors.EVENT_READ, None)
        self.is_running.set()
        try:
            while not self._stopping:
                for key, _mask in selector.select(_IDLE_WAKE):
                    if key.data is None:
                        self._listen_once(sock)
                    else:
                        self._hear_child_guarded(key.data)
        finally:
            self._stop_sessions()
            self._wait_children(time.monotonic() + _CHILD_STOP_TIMEOUT)
            selector.close()
            sock.close()
            if self._waker is not None:
                self._waker.close()
            self.is_running.clear()

    def _listen_once(self, sock: socket.socket) -> None:
        received = self._receive(sock)
        if received is None or self._stopping:
            return
        data, peer, local = received
        try:
            self.handle(data, peer, local)
        except Exception:  # a bug must cost one request, never the server
            log.exception("request from %s:%d could not be handled", *peer)

    def stop(self) -> None:
        """Stop listening and end every running transfer (their clients get an error)."""
        self._stopping = True
        self._stop_sessions()
        if self._listener is not None:
            self.wake((self._local, self.port))

    def join(self, timeout: float) -> None:
        """Wait (up to `timeout` seconds each) for the session threads to end."""
        for thread in list(self._threads):
            thread.join(timeout)

    def _stop_sessions(self) -> None:
        with self.lock:
            sessions = [session for session, _shared in self.sessions.values()]
            children = list(self._children.values())
        for child in children:
            child.request_stop()
        for session in sessions:
            session.stop()
            self.wake(session.local_address)

    # -- child processes -------------------------------------------------------------------
    def _hear_child(self, child: ChildTransfer) -> None:
        """Act on what a child process sent: counters, events, log records, its end."""
        stats = child.session.stats
        for message in child.read():
            kind = message[0]
            if kind == "eof":
                self._child_ended(child)
                return
            if kind == "log":
                relog(*message[1:])
                continue
            apply_ending(stats, message[1])
            if kind == "event":
                self._emit(message[2])
            elif kind == "closed":
                child.closed = True

    def _hear_child_guarded(self, child: ChildTransfer) -> None:
        try:
            self._hear_child(child)
        except Exception:  # a bug must cost one transfer's record, never the server
            log.exception("transfer process %d: its message could not be handled", child.pid)

    def _child_ended(self, child: ChildTransfer, *, force: bool = False) -> None:
        if self._selector is not None:
            with contextlib.suppress(KeyError, ValueError):
                self._selector.unregister(child)
        with self.lock:
            self._children.pop(child.fileno(), None)
        how = child.reap(force=force)
        session = child.session
        session.stats.unshare()
        if not child.closed:
            reason = mark_lost(session.stats, how)
            log.error(
                "transfer %d with %s:%d: %s", session.stats.transfer_id, *session.client, reason
            )
            stats = session.stats
            self._emit(
                TransferFailed(
                    stats.transfer_id,
                    session.client,
                    stats.name,
                    stats.direction,
                    stats.bytes,
                    reason,
                )
            )
        self._closed(session)

    def _wait_children(self, deadline: float) -> None:
        """After a stop: hear the children out until they end, or kill them at `deadline`."""
        selector = self._selector
        while self._children and selector is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            for key, _mask in selector.select(min(remaining, _IDLE_WAKE)):
                if key.data is not None:
                    self._hear_child_guarded(key.data)
        for child in list(self._children.values()):
            log.warning("transfer process %d did not stop in time: killed", child.pid)
            self._child_ended(child, force=True)

    def _start(self, session: Session) -> None:
        """Run an admitted session: in a forked child, or in a thread of ours."""
        if self.isolation == "process" and self._selector is not None:
            with self.lock:
                inherited: list[Any] = [self._listener, self._waker, self._selector]
                inherited += [child.channel for child in self._children.values()]
            try:
                child = fork_session(session, inherited)
            except OSError as exc:
                log.warning("cannot fork a transfer process (%s): running it in a thread", exc)
            else:
                with self.lock:
                    self._children[child.fileno()] = child
                self._selector.register(child, selectors.EVENT_READ, child)
                return
        thread = threading.Thread(
            target=session.run,
            name=f"tftp-{session.stats.transfer_id}-{session.client[0]}:{session.client[1]}",
            daemon=True,
        )
        with self.lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

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
        with self.lock:
            duplicate = peer in self.sessions
        if duplicate:
            log.debug("repeated request from %s:%d (its transfer is running)", *peer)
            return
        name = shown_name(request.filename)
        log.info("%s:%d asks to %s %r %s", *peer, request.direction, name, request.options)
        if request.options_problem:
            log.warning(
                "%s:%d: %s; only readable name/value pairs kept", *peer, request.options_problem
            )
        self._emit(RequestReceived(peer, name, request.direction, request.options))
        try:
            with self.lock:
                self.admission.check(peer[0])
            session = self._factory.open(request, peer, local)
        except RequestRefusedError as exc:
            self._refuse(request, peer, exc)
            return
        with self.lock:
            shared = self.admission.started(peer[0])
            self.requests.add(peer, request.filename, request.direction, True, "")
            self.sessions[peer] = (session, shared)
            self.transfers.add(session.stats)
        self._start(session)

    def _drop(self, peer: Address, reason: str) -> None:
        self.dropped += 1
        if self.dropped <= _DROP_LOG_LIMIT:
            log.warning("dropped a datagram from %s:%d: %s", *peer, reason)
        self._emit(DatagramDropped(peer, reason))

    def _refuse(self, request: Request, peer: Address, exc: RequestRefusedError) -> None:
        name = shown_name(request.filename)
        with self.lock:
            self.requests.add(peer, request.filename, request.direction, False, exc.reason)
            self.refusals_logged += 1
            logged = self.refusals_logged
        if logged <= _REFUSAL_LOG_LIMIT or self.admission.is_reserved(peer[0]):
            log.warning(
                "refused %s of %r from %s:%d: %s (error %d)",
                request.direction,
                name,
                *peer,
                exc.reason,
                exc.code,
            )
        elif logged % 1000 == 0:
            log.warning("%d requests refused so far (only the first are logged)", logged)
        # recorded before the client hears it: whoever asks after the client's error sees it
        self._emit(RequestRefused(peer, name, request.direction, int(exc.code), exc.reason))
        try:
            self._listener_send(encode_error(exc.code, client_text(exc, request.filename)), peer)
        except OSError as send_error:
            log.debug("could not send the refusal to %s:%d: %s", *peer, send_error)

    def _listener_send(self, packet: bytes, peer: Address) -> None:
        if self._listener is not None:
            self._listener.sendto(packet, peer)

    def _closed(self, session: Session) -> None:
        with self.lock:
            held = self.sessions.get(session.client)
            if held is not None and held[0] is session:
                del self.sessions[session.client]
                self.admission.ended(session.client[0], held[1])
            self.transfers.finished(session.stats)
