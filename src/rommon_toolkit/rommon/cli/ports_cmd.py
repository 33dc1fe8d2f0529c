"""`rommon ports [--json]`: the serial ports on this machine, known console adapters marked."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rommon_toolkit.console.ports import PortInfo

ADAPTER_MARK = "*"


def register(subparsers: Any) -> None:
    """Add the `ports` subcommand."""
    parser = subparsers.add_parser(
        "ports",
        help="list serial ports and mark known console adapters",
        description="List the serial ports on this machine. Known console adapters (Cisco USB "
        "console, FTDI, Prolific, Silicon Labs CP210x, WCH CH340) are marked with *.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=run)


def port_json(port: PortInfo) -> dict[str, Any]:
    """One port as printed by `--json`."""
    return {
        "device": port.device,
        "description": port.description,
        "vid": port.vid,
        "pid": port.pid,
        "vid_pid": port.vid_pid,
        "serial_number": port.serial_number,
        "adapter": port.adapter,
    }


def table(ports: list[PortInfo]) -> str:
    """The human-readable table."""
    header = ("DEVICE", "DESCRIPTION", "VID:PID", "SERIAL", "ADAPTER")
    rows = [
        (
            p.device,
            p.description or "-",
            p.vid_pid or "-",
            p.serial_number or "-",
            f"{ADAPTER_MARK} {p.adapter}" if p.adapter else "-",
        )
        for p in ports
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the ports; exit 0 even when there are none."""
    from rommon_toolkit.console.ports import list_ports

    ports = list_ports()
    if args.json:
        print(json.dumps([port_json(p) for p in ports], indent=2))
    elif not ports:
        print("no serial ports found (is the console cable plugged in?)")
    else:
        print(table(ports))
    return 0
