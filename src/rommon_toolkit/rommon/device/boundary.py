"""Map `console` errors to `rommon` errors (and so to exit codes) at the layer boundary."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rommon_toolkit.console.errors import ConsoleError, ExpectTimeoutError
from rommon_toolkit.rommon.errors import DeviceTimeoutError, LineError, RommonError


def to_rommon_error(exc: ConsoleError) -> RommonError:
    """A deadline passed -> DeviceTimeoutError (6); every other line problem -> LineError (7)."""
    if isinstance(exc, ExpectTimeoutError):
        return DeviceTimeoutError(exc.render(), "")
    return LineError(exc.message, exc.advice)


@contextmanager
def console_errors() -> Iterator[None]:
    """Re-raise any ConsoleError inside the block as the matching RommonError."""
    try:
        yield
    except ConsoleError as exc:
        raise to_rommon_error(exc) from exc
