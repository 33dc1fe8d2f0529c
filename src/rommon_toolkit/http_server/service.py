"""`HttpService`: the catalog served over HTTP from a background thread.

    with HttpService(Catalog.from_paths([image]), bind="0.0.0.0", port=80,
                     reserved_clients=["192.168.1.1"]) as service:
        service.url_for(image.name)    # what the unit is told to copy from
        service.transfers()            # TransferSnapshot list, oldest first

`start()` binds before it returns (BindError subclasses with advice); port 0 takes any free
port (`service.port` is the bound one). `stop()` ends running downloads and joins threads;
the records stay readable afterwards.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from types import TracebackType

from rommon_toolkit.http_server.admission import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_PER_CLIENT,
    DEFAULT_MAX_TRANSFERS,
    AdmissionLimits,
    ipv4,
)
from rommon_toolkit.http_server.catalog import Catalog
from rommon_toolkit.http_server.errors import HttpServerError
from rommon_toolkit.http_server.records import RequestRecord, TransferSnapshot
from rommon_toolkit.http_server.server import CatalogHttpServer

log = logging.getLogger(__name__)

STOP_TIMEOUT = 5.0
DEFAULT_IDLE_TIMEOUT = 30.0  # a client silent (or not reading) this long is dropped


class HttpService:
    """A catalog served over HTTP (GET and HEAD of `/NAME` only)."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        bind: str = "0.0.0.0",
        port: int = 80,
        max_transfers: int = DEFAULT_MAX_TRANSFERS,
        max_per_client: int = DEFAULT_MAX_PER_CLIENT,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        reserved_clients: Iterable[str] = (),
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    ) -> None:
        if idle_timeout <= 0:
            raise HttpServerError(
                f"idle timeout must be positive, not {idle_timeout}",
                "give the seconds after which a silent client is dropped (30)",
            )
        self.catalog = catalog
        self.bind = bind
        self.idle_timeout = idle_timeout
        self.ready = threading.Event()
        self._requested_port = port
        self._limits = AdmissionLimits(
            max_transfers,
            max_per_client,
            max_connections,
            frozenset(ipv4(a) for a in reserved_clients),
        )
        self._server: CatalogHttpServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port once started (the requested one before)."""
        return self._server.port if self._server is not None else self._requested_port

    def url_for(self, name: str, host: str | None = None) -> str:
        """`http://HOST[:PORT]/NAME` (the port left out when it is 80)."""
        where = host or self.bind
        port = "" if self.port == 80 else f":{self.port}"
        return f"http://{where}{port}/{name}"

    def start(self) -> HttpService:
        """Bind and serve in a thread; returns once listening. BindError (with advice) if not."""
        if self._thread is not None:
            raise HttpServerError("the HTTP service is already started", "stop() it first")
        server = CatalogHttpServer(
            (self.bind, self._requested_port), self.catalog, self._limits, self.idle_timeout
        )
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.2,), name=f"http-listen-{server.port}", daemon=True
        )
        self._thread.start()
        self.ready.set()
        log.info("HTTP service listening on %s:%d", self.bind, server.port)
        return self

    def reserve(self, *addresses: str) -> None:
        """Always admit these client addresses (the unit's), from now on."""
        canonical = [ipv4(a) for a in addresses]
        self._limits = AdmissionLimits(
            self._limits.max_transfers,
            self._limits.max_per_client,
            self._limits.max_connections,
            self._limits.reserved_clients | frozenset(canonical),
        )
        if self._server is not None:
            with self._server.lock:
                self._server.admission.reserve(canonical)

    @property
    def reserved_clients(self) -> frozenset[str]:
        return self._limits.reserved_clients

    def transfers(self, since: int = 0) -> list[TransferSnapshot]:
        """Kept downloads with an id above `since`, oldest first."""
        server = self._server
        if server is None:
            return []
        with server.lock:
            kept = server.transfers.since(since)
        return [stats.snapshot() for stats in kept]

    def transfers_seen(self) -> int:
        server = self._server
        return server.transfers.last_id if server is not None else 0

    def requests(self, since: int = 0) -> list[RequestRecord]:
        """Kept request records numbered above `since`, oldest first."""
        server = self._server
        if server is None:
            return []
        with server.lock:
            return server.requests.since(since)

    def requests_seen(self) -> int:
        server = self._server
        return server.requests.seen if server is not None else 0

    def requests_refused(self) -> int:
        server = self._server
        return server.requests.refused if server is not None else 0

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop listening, end running downloads, wait for the threads (idempotent)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.stop()
        server.shutdown()
        thread.join(timeout)
        server.join(timeout)
        server.server_close()
        self.ready.clear()
        self._thread = None

    def __enter__(self) -> HttpService:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
