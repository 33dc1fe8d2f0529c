"""The bundled HTTP server for one run's staging: start, progress, records for the report.

The only module of the procedure that touches the `http_server` API. It serves exactly the
image, keeps a slot for the unit's address however busy the LAN, and tells the copy which URL
to fetch (the port in it when not 80).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rommon_toolkit.http_server import BindError, Catalog, CatalogError, HttpService
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.workflows.serving import ServedLink


class HttpLink(ServedLink):
    """An HttpService serving exactly `files` on `bind:port` (0: any free port)."""

    transport = "http"
    kind = "HTTP"

    service: HttpService

    def __init__(self, files: list[Path], bind: str, port: int, units: Iterable[str] = ()) -> None:
        try:
            self.catalog = Catalog.from_paths(files)
        except CatalogError as exc:
            raise PreflightError(exc.message, advice=exc.advice) from exc
        self.server = bind
        self.service = HttpService(
            self.catalog, bind=bind, port=port, reserved_clients=[str(u) for u in units]
        )

    def start(self) -> HttpLink:
        try:
            self.service.start()
        except BindError as exc:
            raise PreflightError(exc.message, advice=exc.advice) from exc
        return self

    def url_for(self, name: str) -> str:
        """What the unit copies from: `http://SERVER[:PORT]/NAME`."""
        return self.service.url_for(name, self.server)

    def progress(self, name: str) -> tuple[int, int | None, str]:
        """(bytes, total, detail) of the newest download of `name`."""
        mine = [t for t in self.service.transfers() if t.name == name]
        if not mine:
            refused = [r for r in self.service.requests() if not r.accepted]
            if refused:
                last = refused[-1]
                return 0, None, f"refused {last.method} {last.target}: {last.status} {last.reason}"
            return 0, None, "waiting for the unit's HTTP request"
        t = mine[-1]
        detail = f"http {t.rate / 1e6:.2f} MB/s" if t.rate else "http"
        if t.eta is not None and t.state == "running":
            detail += f", ETA {t.eta:.0f} s"
        return t.bytes, t.total, detail

    def transfers_json(self, client: str | None = None) -> list[dict[str, object]]:
        """Every download (or those of one client address), as the report stores them."""
        return [
            {
                "transport": "http",
                "client": f"{t.client[0]}:{t.client[1]}",
                "name": t.name,
                "bytes": t.bytes,
                "seconds": round(t.elapsed, 3),
                "rate_bytes_per_s": round(t.rate or 0.0),
                "retransmits": 0,
                "state": t.state,
                "error": t.error,
            }
            for t in self.service.transfers()
            if client is None or t.client[0] == client
        ]

    def refusals(self) -> list[str]:
        """The refused requests, as `METHOD TARGET: STATUS reason` (for a diagnosis)."""
        return [
            f"{r.method} {r.target}: {r.status} {r.reason}"
            for r in self.service.requests()
            if not r.accepted
        ]

    def stop(self) -> None:
        self.service.stop()
