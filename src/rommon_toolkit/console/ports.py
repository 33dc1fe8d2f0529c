"""The serial ports on this machine, with a mark for known console adapters."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rommon_toolkit.console.errors import AmbiguousPortError, PortNotFoundError

# USB (vendor, product) -> label, for adapters commonly used on Cisco consoles.
KNOWN_ADAPTERS: dict[tuple[int, int], str] = {
    (0x05A6, 0x0009): "Cisco USB console",
    (0x0403, 0x6001): "FTDI FT232R",
    (0x0403, 0x6010): "FTDI FT2232",
    (0x0403, 0x6011): "FTDI FT4232",
    (0x0403, 0x6014): "FTDI FT232H",
    (0x0403, 0x6015): "FTDI FT-X",
    (0x067B, 0x2303): "Prolific PL2303",
    (0x067B, 0x23A3): "Prolific PL2303GC",
    (0x10C4, 0xEA60): "Silicon Labs CP210x",
    (0x10C4, 0xEA70): "Silicon Labs CP2105",
    (0x1A86, 0x7523): "WCH CH340",
    (0x1A86, 0x5523): "WCH CH341",
}


@dataclass(frozen=True)
class PortInfo:
    """One serial port: where it is and what it is."""

    device: str
    description: str
    vid: int | None
    pid: int | None
    serial_number: str | None
    adapter: str | None

    @property
    def vid_pid(self) -> str | None:
        """`05a6:0009` form, or None for a port that is not USB."""
        if self.vid is None or self.pid is None:
            return None
        return f"{self.vid:04x}:{self.pid:04x}"

    @property
    def console_like(self) -> bool:
        """A known console adapter, or at least a USB serial port."""
        return self.adapter is not None or self.vid is not None


def adapter_label(vid: int | None, pid: int | None) -> str | None:
    """The known-adapter label for a USB VID:PID, or None."""
    if vid is None or pid is None:
        return None
    return KNOWN_ADAPTERS.get((vid, pid))


def port_info_from_pyserial(raw: Any) -> PortInfo:
    """A `PortInfo` from one of pyserial's `ListPortInfo` objects."""
    vid = raw.vid if isinstance(raw.vid, int) else None
    pid = raw.pid if isinstance(raw.pid, int) else None
    description = raw.description if raw.description and raw.description != "n/a" else ""
    return PortInfo(
        device=str(raw.device),
        description=str(description),
        vid=vid,
        pid=pid,
        serial_number=raw.serial_number or None,
        adapter=adapter_label(vid, pid),
    )


def _pyserial_comports() -> Iterable[Any]:
    from serial.tools import list_ports

    return list_ports.comports()


def list_ports(source: Callable[[], Iterable[Any]] = _pyserial_comports) -> list[PortInfo]:
    """Every serial port pyserial finds, sorted by device name."""
    return sorted((port_info_from_pyserial(raw) for raw in source()), key=lambda p: p.device)


def resolve_auto(ports: Sequence[PortInfo]) -> str:
    """The one console-like port: known adapters first, else any USB serial port.

    Raises PortNotFoundError when there is none and AmbiguousPortError when there are several.
    """
    known = [p.device for p in ports if p.adapter is not None]
    usb = [p.device for p in ports if p.vid is not None]
    candidates = known or usb
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise PortNotFoundError(
            "--port auto found no console adapter or USB serial port",
            available=[p.device for p in ports],
        )
    raise AmbiguousPortError(f"--port auto found {len(candidates)} console-like ports", candidates)
