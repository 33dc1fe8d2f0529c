"""One connection: one request (GET or HEAD of a catalogued `/NAME`), then the socket closes.

Every request leaves a record (accepted or refused, with the status). A GET streams the opened
descriptor with `sendfile` in chunks, counting bytes for progress; a client that closes the
connection, stops reading for `idle_timeout` seconds, or a server stop ends the download as
failed. Error bodies are one line of text naming the status and a public reason, never a
server path. Other methods get 405 with `Allow: GET, HEAD`.
"""

from __future__ import annotations

import contextlib
import io
import logging
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

from rommon_toolkit.http_server.errors import RequestRefusedError
from rommon_toolkit.http_server.names import requested_name
from rommon_toolkit.http_server.records import TransferStats

if TYPE_CHECKING:
    from rommon_toolkit.http_server.server import CatalogHttpServer

log = logging.getLogger(__name__)

SEND_CHUNK = 256 << 10  # progress (and a stop) is seen at least this often
MAX_REQUEST_LINE = 8192
ALLOWED = "GET, HEAD"


class CatalogRequestHandler(BaseHTTPRequestHandler):
    """Serves one request from the server's catalog."""

    server: CatalogHttpServer
    protocol_version = "HTTP/1.1"
    server_version = "rommon-toolkit"
    sys_version = ""

    def version_string(self) -> str:
        return self.server_version

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)

    # -- the request ------------------------------------------------------------------------
    def handle(self) -> None:
        """One request per connection."""
        self.close_connection = True
        self.command, self.path, self.request_version = "", "", "HTTP/0.9"
        try:
            self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
            if len(self.raw_requestline) > MAX_REQUEST_LINE:
                self.requestline = ""
                self._refuse(RequestRefusedError(HTTPStatus.REQUEST_URI_TOO_LONG, "too long"))
                return
            if not self.raw_requestline or not self.parse_request():
                return
            self._dispatch()
        except TimeoutError:
            log.info("%s:%d sent no complete request in time", *self.client_address)
        except (ConnectionError, OSError) as exc:
            log.debug("%s:%d: %s", *self.client_address, exc)

    def _dispatch(self) -> None:
        method = self.command
        if method not in {"GET", "HEAD"}:
            self._refuse(
                RequestRefusedError(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    f"{method} is not served (read-only server)",
                    public="only GET and HEAD are served",
                )
            )
            return
        try:
            name = requested_name(self.path)
            entry = self.server.catalog.lookup(name)
        except RequestRefusedError as exc:
            self._refuse(exc)
            return
        if method == "HEAD":
            self._record(HTTPStatus.OK, "")
            self._headers(entry.size, entry.sha256)
            return
        self._download(entry.name)

    def _download(self, name: str) -> None:
        server = self.server
        address = self.client_address[0]
        try:
            with server.lock:
                server.admission.check(address)
                shared = server.admission.started(address)
        except RequestRefusedError as exc:
            self._refuse(exc)
            return
        stats: TransferStats | None = None
        try:
            try:
                opened = server.catalog.open(server.catalog.lookup(name))
            except RequestRefusedError as exc:
                self._refuse(exc)
                return
            try:
                with server.lock:
                    self._record(HTTPStatus.OK, "")
                    stats = server.transfers.new(self.client_address, name, opened.entry.size)
                log.info("%s:%d downloads %r", *self.client_address, name)
                self._headers(opened.entry.size, opened.entry.sha256)
                error = self._stream(opened.fd, opened.entry.size, stats)
            finally:
                opened.close()
            stats.finish(error)
            if error:
                log.warning("download of %r by %s:%d failed: %s", name, *self.client_address, error)
            else:
                log.info("%s:%d got %r (%d bytes)", *self.client_address, name, stats.bytes)
        finally:
            with server.lock:
                server.admission.ended(address, shared)
                if stats is not None:
                    server.transfers.finished(stats)

    def _stream(self, fd: int, size: int, stats: TransferStats) -> str | None:
        """Send the file; None when all of it went out, else why not."""
        with io.FileIO(fd, "rb", closefd=False) as source:
            while stats.bytes < size:
                if self.server.is_stopping():
                    return f"the server stopped after {stats.bytes} of {size} bytes"
                count = min(SEND_CHUNK, size - stats.bytes)
                try:
                    sent = self.connection.sendfile(source, stats.bytes, count)
                except TimeoutError:
                    return (
                        f"the client stopped reading for {self.server.idle_timeout:.0f} s "
                        f"after {stats.bytes} of {size} bytes"
                    )
                except OSError as exc:
                    if self.server.is_stopping():
                        return f"the server stopped after {stats.bytes} of {size} bytes"
                    return (
                        f"the client closed the connection after {stats.bytes} of {size} "
                        f"bytes ({exc.strerror or exc})"
                    )
                if sent == 0:
                    return f"the file shrank: only {stats.bytes} of {size} bytes could be read"
                stats.bytes += sent
        return None

    # -- responses ----------------------------------------------------------------------------
    def _headers(self, size: int, sha256: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.send_header("ETag", f'"{sha256}"')
        self.send_header("Connection", "close")
        self.end_headers()

    def _refuse(self, exc: RequestRefusedError) -> None:
        self._record(exc.status, exc.reason)
        reserved = self.server.admission.is_reserved(self.client_address[0])
        level = logging.WARNING if reserved or self.server.log_refusal() else logging.DEBUG
        log.log(
            level,
            "refused %s %r from %s:%d: %s (%d)",
            self.command or "-",
            self.path[:200],
            *self.client_address,
            exc.reason,
            exc.status,
        )
        self._error_response(exc.status, exc.public)

    def _error_response(self, status: HTTPStatus, public: str) -> None:
        body = f"{int(status)} {status.phrase}: {public}\n".encode("ascii", "replace")
        if self.request_version == "HTTP/0.9":  # a refused request line: answer in HTTP/1.0
            self.request_version = "HTTP/1.0"
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=ascii")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            if status == HTTPStatus.METHOD_NOT_ALLOWED:
                self.send_header("Allow", ALLOWED)
            if status == HTTPStatus.SERVICE_UNAVAILABLE:
                self.send_header("Retry-After", "5")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """parse_request's refusals (bad request line, headers, version): our form and record."""
        del explain
        status = HTTPStatus(code)
        self._refuse(RequestRefusedError(status, message or status.phrase))

    def _record(self, status: HTTPStatus, reason: str) -> None:
        server = self.server
        with server.lock:
            server.requests.add(
                self.client_address, self.command or "-", self.path or "-", int(status), reason
            )

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s:%d " + format, *self.client_address, *args)
