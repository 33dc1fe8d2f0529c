"""The bundled TFTP server: a catalog of exactly the files a plan names, served over UDP.

Knows nothing of `rommon`, `console` or `simulator` (ARCHITECTURE.md). The API::

    from rommon_toolkit.tftp_server import Catalog, TftpService, UploadPolicy
    catalog = Catalog.from_paths([Path("asa9-16-4-85-lfbff-k8.SPA")])
    with TftpService(catalog, bind="0.0.0.0", port=69, on_event=print,
                     reserved_clients=["192.168.1.1"]) as service:
        service.transfers()        # TransferSnapshot list, oldest first

The package logs to `rommon_toolkit.tftp_server` (with a NullHandler: silent unless the
application configures logging).

See README.md ("The bundled TFTP server") for the protocol behaviour.
"""

import logging

from rommon_toolkit.tftp_server.catalog import Catalog, CatalogEntry
from rommon_toolkit.tftp_server.errors import BindError, TftpServerError
from rommon_toolkit.tftp_server.service import TftpService
from rommon_toolkit.tftp_server.stats import TransferSnapshot
from rommon_toolkit.tftp_server.uploads import UploadPolicy

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "BindError",
    "Catalog",
    "CatalogEntry",
    "TftpServerError",
    "TftpService",
    "TransferSnapshot",
    "UploadPolicy",
]
