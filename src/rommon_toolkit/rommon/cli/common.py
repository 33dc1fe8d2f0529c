"""Arguments and helpers shared by every command that talks to a unit."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from rommon_toolkit.rommon.device.line_opening import LineOptions

if TYPE_CHECKING:  # imported lazily at run time so `rommon --help` stays fast
    from rommon_toolkit.rommon.workflows.runs import RunOptions

PORT_HELP = (
    "console line: a device (/dev/ttyACM0, /dev/ttyUSB0, COM3), a URL (socket://HOST:PORT, "
    "rfc2217://HOST:PORT, loop://, sim://...), or `auto` for the only console adapter present"
)


def add_port_argument(parser: argparse.ArgumentParser, *, required: bool = True) -> None:
    """`--port URL|auto` and `--baud N` (default 9600); not required when a profile may give it."""
    parser.add_argument("--port", required=required, metavar="URL", help=PORT_HELP)
    parser.add_argument(
        "--baud",
        type=int,
        default=9600,
        metavar="N",
        help="line speed (default 9600, the ASA console default)",
    )


def add_transcript_argument(parser: argparse.ArgumentParser) -> None:
    """`--transcript FILE` (default ./runs/<timestamp>-<command>.transcript.jsonl)."""
    parser.add_argument(
        "--transcript",
        metavar="FILE",
        type=Path,
        help="where to write the session transcript "
        "(default: ./runs/<timestamp>-<command>.transcript.jsonl)",
    )


def line_options(args: argparse.Namespace) -> LineOptions:
    """The console line named by `--port` and `--baud`."""
    return LineOptions(port=args.port, baud=args.baud)


def run_options(args: argparse.Namespace) -> RunOptions:
    """The options every unit-facing command shares, from the parsed command line."""
    from rommon_toolkit.rommon.workflows.runs import RunOptions

    return RunOptions(
        line=line_options(args),
        assume_yes=bool(getattr(args, "yes", False)),
        run_dir=getattr(args, "run_dir", None),
        transcript=getattr(args, "transcript", None),
        report=getattr(args, "report", None),
        quiet=bool(getattr(args, "quiet", False)),
    )


def positive_seconds(text: str) -> float:
    """argparse type: a number of seconds in (0, 3600]."""
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from exc
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} s is out of range (0 < seconds <= 3600)")
    return value
