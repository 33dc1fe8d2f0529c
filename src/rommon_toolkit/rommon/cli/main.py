"""The `rommon` command line: one argparse parser, subcommands registered by modules.

Each module in `COMMAND_MODULES` exposes `register(subparsers)`, which adds its subcommand and
sets `handler` (a callable taking the parsed namespace and returning an exit code). Handlers
import their heavy dependencies lazily so `rommon --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from rommon_toolkit import __version__
from rommon_toolkit.rommon.errors import RommonError
from rommon_toolkit.rommon.exitcodes import ExitCode

COMMAND_MODULES: tuple[str, ...] = (
    "rommon_toolkit.rommon.cli.ports_cmd",
    "rommon_toolkit.rommon.cli.probe_cmd",
    "rommon_toolkit.rommon.cli.console_cmd",
    "rommon_toolkit.rommon.cli.recover_cmd",
    "rommon_toolkit.rommon.cli.maintenance_cmd",
    "rommon_toolkit.rommon.cli.firmware_cmd",
    "rommon_toolkit.rommon.cli.bench_cmd",
    "rommon_toolkit.rommon.cli.tftp_cmd",
    "rommon_toolkit.rommon.cli.demo_cmd",
    "rommon_toolkit.rommon.cli.sim_cmd",
)

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="rommon",
        description="Console and ROMMON recovery for Cisco ASA 5506-X / 5508-X / 5516-X.",
        epilog="Exit codes: 0 success, 2 usage, 3 preflight refused, 4 device refused, "
        "5 operator abort, 6 timeout, 7 console line error, 70 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"rommon-toolkit {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return int(ExitCode.USAGE)
    _wire_the_virtual_asa()
    try:
        return int(handler(args))
    except RommonError as exc:
        print(f"rommon: {exc.render()}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("rommon: interrupted by the operator", file=sys.stderr)
        return int(ExitCode.OPERATOR_ABORT)


def _wire_the_virtual_asa() -> None:
    """Let every `--port` take `sim://...` (the virtual ASA's pyserial URL handler)."""
    from rommon_toolkit import simulator

    simulator.register_url_handler()
