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

from rommon import __version__
from rommon.errors import RommonError
from rommon.exitcodes import ExitCode

COMMAND_MODULES: tuple[str, ...] = (
    "rommon.commands.ports",
    "rommon.commands.probe",
    "rommon.commands.console",
    "rommon.commands.recover",
    "rommon.commands.maintenance",
    "rommon.commands.firmware",
    "rommon.commands.bench",
    "rommon.commands.tftp",
    "rommon.commands.demo",
    "rommon.commands.sim",
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
    try:
        return int(handler(args))
    except RommonError as exc:
        print(f"rommon: {exc.render()}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("rommon: interrupted by the operator", file=sys.stderr)
        return int(ExitCode.OPERATOR_ABORT)
