"""Open any console line by URL or path with pyserial, and wrap it as a `ByteLine`.

Plain paths (`/dev/ttyACM0`, `COM3`) and pyserial URLs (`socket://`, `rfc2217://`, `loop://`,
and `sim://` once the simulator registers its handler) all go through `serial.serial_for_url`.
"""

from __future__ import annotations

import contextlib
from typing import Any

import serial
import serial.rfc2217

from rommon_toolkit.console.errors import (
    LineLostError,
    SettingsRejectedError,
    UnsupportedOperationError,
)
from rommon_toolkit.console.line import Capabilities, LineSettings
from rommon_toolkit.console.port_errors import map_open_error

# What each transport really does, read from pyserial 3.5's sources: socket:// ignores BREAK and
# baud changes silently; rfc2217 negotiates both with the server; loop:// accepts both (there is
# no far end to notice). A handler can override this with a `console_capabilities` attribute.
TRANSPORT_CAPABILITIES: dict[str, Capabilities] = {
    "serial": Capabilities(can_send_break=True, can_change_baud=True),
    "spy": Capabilities(can_send_break=True, can_change_baud=True),
    "hwgrep": Capabilities(can_send_break=True, can_change_baud=True),
    "alt": Capabilities(can_send_break=True, can_change_baud=True),
    "rfc2217": Capabilities(can_send_break=True, can_change_baud=True),
    "loop": Capabilities(can_send_break=True, can_change_baud=True),
    "socket": Capabilities(can_send_break=False, can_change_baud=False),
    "sim": Capabilities(can_send_break=True, can_change_baud=False),
}
UNKNOWN_TRANSPORT = Capabilities(can_send_break=False, can_change_baud=False)
_UNSET = object()


def scheme_of(url: str) -> str:
    """`socket` for `socket://h:p`; `serial` for a plain device path."""
    if "://" in url:
        return url.split("://", 1)[0].lower()
    return "serial"


def capabilities_for(url: str, port: object | None = None) -> Capabilities:
    """The capabilities of the transport behind `url` (a handler's own declaration wins)."""
    declared = getattr(port, "console_capabilities", None)
    if isinstance(declared, Capabilities):
        return declared
    return TRANSPORT_CAPABILITIES.get(scheme_of(url), UNKNOWN_TRANSPORT)


def _available_ports() -> list[str]:
    from rommon_toolkit.console.ports import list_ports

    try:
        return [info.device for info in list_ports()]
    except Exception:  # listing is advice only; never hide the real error behind it
        return []


def _apply_settings(port: Any, url: str, settings: LineSettings) -> None:
    for name in ("baudrate", "bytesize", "parity", "stopbits", "xonxoff", "rtscts"):
        value = getattr(settings, name)
        try:
            setattr(port, name, value)
        except (ValueError, serial.SerialException) as exc:
            raise SettingsRejectedError(f"{url} rejected {name}={value!r}: {exc}") from exc


def open_line(url: str, settings: LineSettings | None = None) -> Line:
    """Open `url` (a device path or a pyserial URL) with `settings` (default 9600 8N1)."""
    settings = settings or LineSettings()
    try:
        port: Any = serial.serial_for_url(url, do_not_open=True)
    except ValueError as exc:
        raise map_open_error(url, exc, _available_ports) from exc
    _apply_settings(port, url, settings)
    if isinstance(port, serial.Serial):
        port.exclusive = True  # a second program on the same console garbles both
    try:
        port.open()
    except (serial.SerialException, OSError, ValueError) as exc:
        raise map_open_error(url, exc, _available_ports) from exc
    return Line(port, url, settings, capabilities_for(url, port))


class Line:
    """An open console line over a pyserial port object (see `console.line.ByteLine`)."""

    def __init__(
        self, port: Any, url: str, settings: LineSettings, capabilities: Capabilities
    ) -> None:
        self._port = port
        self._url = url
        self._settings = settings
        self._capabilities = capabilities
        self._timeout: object = _UNSET
        self._closed = False
        # pyserial's rfc2217 renegotiates every line setting (a network round trip) on each
        # timeout change; its read() only consults `_timeout`, so set that directly there.
        self._direct_timeout = isinstance(port, serial.rfc2217.Serial)

    @property
    def url(self) -> str:
        return self._url

    @property
    def settings(self) -> LineSettings:
        return self._settings

    @property
    def capabilities(self) -> Capabilities:
        return self._capabilities

    def _set_timeout(self, timeout: float | None) -> None:
        if timeout == self._timeout:
            return
        if self._direct_timeout:
            self._port._timeout = timeout
        else:
            self._port.timeout = timeout
        self._timeout = timeout

    def read(self, max_bytes: int, timeout: float | None) -> bytes:
        """Up to `max_bytes`: block until the first byte (or `timeout`), then take what waits."""
        self._check_open()
        try:
            self._set_timeout(None if timeout is None else max(0.0, timeout))
            data = bytes(self._port.read(1))
            if data and max_bytes > 1:
                self._set_timeout(0)
                data += bytes(self._port.read(max_bytes - 1))
        except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
            raise LineLostError(f"console line {self._url} was lost: {exc}") from exc
        return data

    def write(self, data: bytes) -> None:
        """Send `data` completely."""
        self._check_open()
        try:
            self._port.write(data)
        except (serial.SerialException, OSError) as exc:
            raise LineLostError(f"console line {self._url} was lost: {exc}") from exc

    def send_break(self, duration: float = 0.25) -> None:
        """Hold BREAK for `duration` seconds, if the transport really can."""
        self._check_open()
        if not self._capabilities.can_send_break:
            raise UnsupportedOperationError(
                f"{self._url} cannot send BREAK ({scheme_of(self._url)}:// ignores it)",
                "send ESC instead if the device accepts it, or connect through a serial "
                "adapter or an RFC 2217 console server",
            )
        try:
            self._port.send_break(duration)
        except (serial.SerialException, OSError) as exc:
            raise LineLostError(f"console line {self._url} was lost: {exc}") from exc

    def change_baudrate(self, baudrate: int) -> None:
        """Switch the line speed (e.g. after `confreg` changed the console baud)."""
        self._check_open()
        if not self._capabilities.can_change_baud:
            raise UnsupportedOperationError(
                f"{self._url} cannot change the line speed ({scheme_of(self._url)}://)",
                "change the speed on the console server itself",
            )
        try:
            self._port.baudrate = baudrate
        except (ValueError, serial.SerialException) as exc:
            raise SettingsRejectedError(f"{self._url} rejected baudrate={baudrate}") from exc
        self._settings = LineSettings(
            baudrate,
            self._settings.bytesize,
            self._settings.parity,
            self._settings.stopbits,
            self._settings.xonxoff,
            self._settings.rtscts,
        )

    def close(self) -> None:
        """Close the port; a second call does nothing."""
        if self._closed:
            return
        self._closed = True
        # A line that is already gone cannot fail to close: closing it is all that was asked.
        with contextlib.suppress(serial.SerialException, OSError):
            self._port.close()

    def _check_open(self) -> None:
        if self._closed:
            raise LineLostError(f"console line {self._url} is already closed", advice="")
