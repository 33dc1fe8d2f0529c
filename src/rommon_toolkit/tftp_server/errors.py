"""Errors of the `tftp_server` package.

Every error says what happened (`message`) and what to do about it (`advice`)::

    TftpServerError                  (message, advice)
    ├── BindError                    the listening socket could not be bound
    │   ├── PrivilegedPortError      EACCES on a port below 1024 (fixes for Linux/macOS/Windows)
    │   ├── PortInUseError           EADDRINUSE: another TFTP server holds the port
    │   └── AddressNotLocalError     EADDRNOTAVAIL: the address is not on this machine
    ├── CatalogError                 a file given to the catalog cannot be served
    ├── UploadPolicyError            the upload directory or size cap is unusable
    ├── RequestRefusedError          one client request is refused (carries the TFTP error code)
    └── TransferError                a running transfer ended badly (carries the TFTP error code)

`RequestRefusedError` and `TransferError` travel inside the server (they become TFTP error
packets, log lines and events); the others reach the caller of `TftpService` / `Catalog` /
`UploadPolicy`. Foreign exceptions (OSError, tftpy's) are mapped at the boundary with
``raise ... from exc``.
"""

from __future__ import annotations

from enum import IntEnum


class TftpErrorCode(IntEnum):
    """Error codes of RFC 1350 and RFC 2347, as sent in ERROR packets."""

    NOT_DEFINED = 0
    FILE_NOT_FOUND = 1
    ACCESS_VIOLATION = 2
    DISK_FULL = 3
    ILLEGAL_OPERATION = 4
    UNKNOWN_TID = 5
    FILE_EXISTS = 6
    NO_SUCH_USER = 7
    OPTION_REFUSED = 8


class TftpServerError(Exception):
    """Root of the package's errors; `advice` tells the engineer what to do next."""

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice

    def render(self) -> str:
        """The message and, when there is one, the advice."""
        return f"{self.message}\n  -> {self.advice}" if self.advice else self.message


class BindError(TftpServerError):
    """The UDP socket could not be bound to the requested address and port."""


class PrivilegedPortError(BindError):
    """Binding a port below 1024 needs a privilege this process does not have."""


class PortInUseError(BindError):
    """Another program (often tftpd-hpa) already listens on the port."""


class AddressNotLocalError(BindError):
    """The bind address is not configured on any interface of this machine."""


class CatalogError(TftpServerError):
    """A file given to the catalog is missing, not a regular file, or ambiguous."""


class UploadPolicyError(TftpServerError):
    """The upload directory does not exist, is not writable, or the cap is invalid."""


class RequestRefusedError(TftpServerError):
    """A client request is refused; `code` is the TFTP error sent back.

    `reason` is for our log and events (it may name server paths); `public` is what the error
    packet tells the client (never a server path; `reason` when not given).
    """

    def __init__(self, code: TftpErrorCode, reason: str, public: str | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.public = reason if public is None else public


class TransferError(TftpServerError):
    """A transfer failed; `code` is the TFTP error sent to the client (None: send nothing)."""

    def __init__(self, reason: str, code: TftpErrorCode | None = TftpErrorCode.NOT_DEFINED):
        super().__init__(reason)
        self.reason = reason
        self.code = code
