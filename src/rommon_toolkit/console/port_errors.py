"""Map pyserial and OS errors raised while opening a line to the console error tree."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable

from rommon_toolkit.console.errors import (
    PortBusyError,
    PortNotFoundError,
    PortOpenError,
    PortPermissionError,
    SettingsRejectedError,
)

KNOWN_SCHEMES_ADVICE = (
    "use a device path (/dev/ttyACM0, /dev/ttyUSB0, COM3) or a URL: socket://HOST:PORT, "
    "rfc2217://HOST:PORT, loop://"
)


def _errno_of(exc: BaseException) -> int | None:
    code = getattr(exc, "errno", None)
    return code if isinstance(code, int) else None


def map_open_error(
    url: str, exc: BaseException, available: Callable[[], list[str]]
) -> PortOpenError | SettingsRejectedError:
    """The console error for an exception raised by `serial_for_url(...).open()`.

    `available` lists the ports on this machine; it is called only when needed.
    """
    text = str(exc)
    code = _errno_of(exc)
    is_url = "://" in url
    if isinstance(exc, ValueError):
        if "protocol" in text and "not known" in text:
            scheme = url.split("://", 1)[0]
            return PortNotFoundError(
                f"{url}: unknown URL scheme {scheme!r}", KNOWN_SCHEMES_ADVICE, available()
            )
        return SettingsRejectedError(f"{url} rejected the line settings: {text}")
    if code == errno.ENOENT or "FileNotFoundError" in text or "No such file" in text:
        return PortNotFoundError(f"port {url} does not exist", available=available())
    if code in (errno.EBUSY, errno.EAGAIN) or "exclusively lock" in text:
        return PortBusyError(f"port {url} is busy: another program has it open")
    if code in (errno.EACCES, errno.EPERM) or "PermissionError" in text:
        if sys.platform == "win32":
            # Windows reports a COM port held by another program as "Access is denied".
            return PortBusyError(f"port {url} is in use by another program (access denied)")
        return PortPermissionError(f"permission denied opening {url}")
    if is_url and ("refused" in text.lower() or "timed out" in text.lower()):
        return PortNotFoundError(
            f"nothing answered at {url}: {text}",
            "check the console server's address and TCP port, and that no other session "
            "holds the line",
        )
    return PortOpenError(f"could not open {url}: {text}")
