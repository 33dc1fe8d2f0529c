"""Errors of the `simulator` package.

::

    SimulatorError                     root; every message says what happened and what to do
    ├── StateError                     state dir missing, corrupt, or of another model
    ├── ImageError                     a file is not a simulated image, or bad make-image input
    ├── TftpError                      the simulator's own TFTP client failed
    │   ├── TftpTimeoutError           no answer after the retries
    │   ├── TftpRemoteError            the server sent an ERROR packet (`code`, `text`)
    │   │   └── TftpFileNotFoundError  ERROR code 1
    │   ├── TftpProtocolError          the peer broke RFC 1350
    │   └── TftpCancelledError         the unit lost power mid-transfer
    ├── HttpError                      the simulator's own HTTP client failed (`reason`)
    │   ├── HttpTimeoutError           no connection or no data in time
    │   ├── HttpStatusError            the server answered with a status other than 200
    │   └── HttpCancelledError         the unit lost power mid-transfer
    ├── CableUnpluggedError            the host side used the cable while it was unplugged
    ├── DiskFullError                  a write to disk0 ran out of space
    └── ControlError                   no running unit answers on the state dir's control port

Control-flow signals of the unit's firmware thread (not errors; BaseException so no
`except Exception` in a command handler can swallow a power loss)::

    FirmwareSignal
    ├── PowerLost                      power off / power cycle: unwind the firmware thread
    └── Reboot                         a reload, reset or ROMMON upgrade restarts the ROMMON

OS errors are mapped at the boundary with `raise ... from exc`. The pyserial URL handler maps
`CableUnpluggedError` to `serial.SerialException`, like a yanked USB adapter.
"""

from __future__ import annotations


class SimulatorError(Exception):
    """Root of the simulator's errors."""


class StateError(SimulatorError):
    """The state dir is missing, unreadable, or holds another model."""


class ImageError(SimulatorError):
    """A file is not a simulated image, or the make-image request is invalid."""


class TftpError(SimulatorError):
    """The simulator's TFTP client failed."""


class TftpTimeoutError(TftpError):
    """The server did not answer after all retries."""


class TftpRemoteError(TftpError):
    """The server answered with an ERROR packet."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"TFTP server error {code}: {text}")
        self.code = code
        self.text = text


class TftpFileNotFoundError(TftpRemoteError):
    """ERROR code 1: the file is not on the server."""


class TftpProtocolError(TftpError):
    """The peer sent something RFC 1350 does not allow here."""


class TftpCancelledError(TftpError):
    """The transfer was abandoned because the unit lost power or reloaded."""


class HttpError(SimulatorError):
    """The simulator's HTTP client failed; `reason` is the socket-level cause."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class HttpTimeoutError(HttpError):
    """No connection, or no data, within the client's patience."""


class HttpStatusError(HttpError):
    """The server answered with `status` (not 200 OK)."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"HTTP server answered {status} {text}", text)
        self.status = status


class HttpCancelledError(HttpError):
    """The transfer was abandoned because the unit lost power or reloaded."""


class CableUnpluggedError(SimulatorError):
    """The host side read or wrote while the console cable was unplugged."""


class ControlError(SimulatorError):
    """No running unit answers on the state dir's control port."""


class FirmwareSignal(BaseException):
    """Unwinds the unit's firmware thread; never leaves the simulator."""


class PowerLost(FirmwareSignal):
    """The unit lost power (power off or power cycle)."""


class Reboot(FirmwareSignal):
    """The unit restarts its ROMMON (`reload`, `reset`, upgrade); `cause` is for the banner."""

    def __init__(self, cause: str = "PowerCycleRequest") -> None:
        super().__init__(cause)
        self.cause = cause


class DiskFullError(SimulatorError):
    """A write to disk0 ran out of space (the unit prints the ASA's error line)."""
