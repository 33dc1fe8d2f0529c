"""Arguments and helpers shared by every command that talks to a unit."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rommon_toolkit.rommon.device.line_opening import LineOptions

if TYPE_CHECKING:  # imported lazily at run time so `rommon --help` stays fast
    from rommon_toolkit.rommon.workflows.runs import RunOptions


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
        stay_logged_in=bool(getattr(args, "stay_logged_in", False)),
        state_dir=getattr(args, "state_dir", None),
        transport=getattr(args, "transport", None),
        http_port=_http_port(args),
    )


def _http_port(args: argparse.Namespace) -> int:
    port = getattr(args, "http_port", None)
    return 80 if port is None else int(port)


def positive_seconds(text: str) -> float:
    """argparse type: a number of seconds in (0, 3600]."""
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from exc
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} s is out of range (0 < seconds <= 3600)")
    return value


def positive_scale(text: str) -> float:
    """argparse type: a deadline factor in (0, 100]."""
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from exc
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is out of range (0 < factor <= 100)")
    return value
