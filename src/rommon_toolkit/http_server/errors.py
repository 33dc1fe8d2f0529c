"""Errors of the `http_server` package.

Every error says what happened (`message`) and what to do about it (`advice`)::

    HttpServerError                  (message, advice)
    ├── BindError                    the listening socket could not be bound
    │   ├── PrivilegedPortError      EACCES on a port below 1024 (80 needs privileges)
    │   ├── PortInUseError           EADDRINUSE: another program listens on the port
    │   └── AddressNotLocalError     EADDRNOTAVAIL: the address is not on this machine
    ├── CatalogError                 a file given to the catalog cannot be served
    └── RequestRefusedError          one client request is refused (carries the HTTP status)

`RequestRefusedError` travels inside the server (it becomes an HTTP error response and a
request record); the others reach the caller of `HttpService` / `Catalog`. Foreign exceptions
(OSError) are mapped at the boundary with ``raise ... from exc``.
"""

from __future__ import annotations

from http import HTTPStatus


class HttpServerError(Exception):
    """Root of the package's errors; `advice` tells the engineer what to do next."""

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice

    def render(self) -> str:
        """The message and, when there is one, the advice."""
        return f"{self.message}\n  -> {self.advice}" if self.advice else self.message


class BindError(HttpServerError):
    """The TCP socket could not be bound to the requested address and port."""


class PrivilegedPortError(BindError):
    """Binding a port below 1024 needs a privilege this process does not have."""


class PortInUseError(BindError):
    """Another program already listens on the port."""


class AddressNotLocalError(BindError):
    """The bind address is not configured on any interface of this machine."""


class CatalogError(HttpServerError):
    """A file given to the catalog is missing, not a regular file, or ambiguous."""


class RequestRefusedError(HttpServerError):
    """A client request is refused with `status`.

    `reason` is for our log and records (it may name server paths); `public` is what the
    response body tells the client (never a server path; `reason` when not given).
    """

    def __init__(self, status: HTTPStatus, reason: str, public: str | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.public = reason if public is None else public
