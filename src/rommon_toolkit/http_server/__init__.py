"""The bundled read-only HTTP server: a catalog of exactly the files a run names, over TCP.

Knows nothing of `rommon`, `console`, `tftp_server` or `simulator`. The API::

    from rommon_toolkit.http_server import Catalog, HttpService
    catalog = Catalog.from_paths([Path("asa9-16-4-85-lfbff-k8.SPA")])
    with HttpService(catalog, bind="0.0.0.0", port=80,
                     reserved_clients=["192.168.1.1"]) as service:
        service.transfers()        # TransferSnapshot list, oldest first
        service.requests()         # RequestRecord list (accepted and refused)

Only `GET` and `HEAD` of `/NAME` for a catalogued NAME are served; see `names.py` for what is
refused and README.md ("Staging over HTTP"). The package logs to `rommon_toolkit.http_server`
(with a NullHandler: silent unless the application configures logging).
"""

import logging

from rommon_toolkit.http_server.catalog import Catalog, CatalogEntry
from rommon_toolkit.http_server.errors import (
    BindError,
    CatalogError,
    HttpServerError,
    PortInUseError,
    PrivilegedPortError,
)
from rommon_toolkit.http_server.records import RequestRecord, TransferSnapshot
from rommon_toolkit.http_server.service import HttpService

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "BindError",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "HttpServerError",
    "HttpService",
    "PortInUseError",
    "PrivilegedPortError",
    "RequestRecord",
    "TransferSnapshot",
]
