"""The virtual ASA 5506-X / 5508-X / 5516-X: the far end of the console cable.

Built from the device reference, never from our driver: it must not import `rommon`.
"""

from __future__ import annotations

URL_HANDLER_PACKAGE = "rommon_toolkit.simulator.urlhandler"


def register_url_handler() -> None:
    """Make `serial.serial_for_url("sim://...")` open a virtual ASA (idempotent)."""
    import serial

    if URL_HANDLER_PACKAGE not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append(URL_HANDLER_PACKAGE)
