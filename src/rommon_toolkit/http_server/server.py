"""`CatalogHttpServer`: a threading HTTP server whose only content is a catalog.

Each accepted connection is counted by the admission (a cap on connections, reserved
addresses excepted: an over-cap connection gets a short 503 and is closed at once) and served
by `CatalogRequestHandler` in its own thread. `stop()` ends running downloads (their sockets
are shut down) and the listener.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import threading
from http.server import ThreadingHTTPServer
from typing import Any

from rommon_toolkit.http_server.admission import Admission, AdmissionLimits
from rommon_toolkit.http_server.bind import bind_error, check_address
from rommon_toolkit.http_server.catalog import Catalog
from rommon_toolkit.http_server.handler import CatalogRequestHandler
from rommon_toolkit.http_server.records import RequestLog, TransferLog

log = logging.getLogger(__name__)

REFUSAL_LOG_LIMIT = 50
BUSY_RESPONSE = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=ascii\r\n"
    b"Content-Length: 47\r\nRetry-After: 5\r\nConnection: close\r\n\r\n"
    b"503 Service Unavailable: too many connections\r\n"
)


class CatalogHttpServer(ThreadingHTTPServer):
    """Serves `catalog` over HTTP; bind errors become BindError with advice."""

    daemon_threads = True
    allow_reuse_address = True  # a restart right after a stop finds the port free
    request_queue_size = 64

    def __init__(
        self,
        address: tuple[str, int],
        catalog: Catalog,
        limits: AdmissionLimits,
        idle_timeout: float,
    ) -> None:
        check_address(*address)
        self.catalog = catalog
        self.idle_timeout = idle_timeout
        self.lock = threading.RLock()
        self.admission = Admission(limits)
        self.requests = RequestLog(self.admission.is_reserved)
        self.transfers = TransferLog(self.admission.is_reserved)
        self.stopping = False
        self._refusals_logged = 0
        self._open: set[socket.socket] = set()
        self._workers: list[threading.Thread] = []
        super().__init__(address, CatalogRequestHandler, bind_and_activate=False)
        try:
            self.server_bind()
            self.server_activate()
        except OSError as exc:
            self.server_close()
            raise bind_error(exc, *address) from exc

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the address (slow offline)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = int(self.server_address[1])

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def is_stopping(self) -> bool:
        return self.stopping

    def log_refusal(self) -> bool:
        """True for the first refusals (logged at WARNING), False after (a flood)."""
        with self.lock:
            self._refusals_logged += 1
            return self._refusals_logged <= REFUSAL_LOG_LIMIT

    def process_request(self, request: Any, client_address: Any) -> None:
        """Admit the connection (or answer 503 and close it), then serve it in a thread."""
        address = str(client_address[0])
        with self.lock:
            admitted = not self.stopping and self.admission.connect(address)
            if not admitted:
                self.requests.add(client_address, "-", "-", 503, "too many connections")
        if not admitted:
            with contextlib.suppress(OSError):
                request.settimeout(0.5)
                request.sendall(BUSY_RESPONSE)
            self.shutdown_request(request)
            return
        with self.lock:
            self._open.add(request)
        thread = threading.Thread(
            target=self._serve_one,
            args=(request, client_address),
            name=f"http-{address}:{client_address[1]}",
            daemon=True,
        )
        with self.lock:
            self._workers = [t for t in self._workers if t.is_alive()] + [thread]
        thread.start()

    def _serve_one(self, request: socket.socket, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # a bug must cost one request, never the server
            log.exception("request from %s:%s could not be handled", *client_address)
        finally:
            with self.lock:
                self._open.discard(request)
                self.admission.disconnect(str(client_address[0]))
            self.shutdown_request(request)

    def stop(self) -> None:
        """End every running download (their sockets shut down); the listener stops too."""
        with self.lock:
            self.stopping = True
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def join(self, timeout: float) -> None:
        for thread in list(self._workers):
            thread.join(timeout)
