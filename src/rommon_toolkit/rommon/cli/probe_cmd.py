"""`rommon probe`: say what the unit is doing, without changing anything."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from rommon_toolkit.rommon.cli.common import (
    line_options,
    positive_seconds,
)
from rommon_toolkit.rommon.cli.shared_options import line_options_parent
from rommon_toolkit.rommon.decisions.states import ProbeState
from rommon_toolkit.rommon.device.line_opening import open_channel
from rommon_toolkit.rommon.device.probe import DEFAULT_LISTEN_SECONDS
from rommon_toolkit.rommon.exitcodes import ExitCode

if TYPE_CHECKING:
    from rommon_toolkit.rommon.decisions.classify import ProbeResult

FIELDS = ("model", "rommon_version", "asa_version", "hostname", "prompt", "failover", "question")
QUOTED = ("prompt", "question")  # shown as JSON strings so trailing spaces stay visible


def register(subparsers: Any) -> None:
    """Add the `probe` subcommand."""
    parser = subparsers.add_parser(
        "probe",
        help="say what the unit is doing (listens; on a silent line sends only `n`, then Enter)",
        description="Listen to the console; only if it is silent send one CR (never SPACE or "
        "ESC); never answer a question. Exit 0 when a state was found, 6 when the line stayed "
        "silent, 4 when text came but nothing was recognised, 7 on a console line error.",
        parents=[line_options_parent()],
    )
    parser.add_argument(
        "--listen",
        type=positive_seconds,
        default=DEFAULT_LISTEN_SECONDS,
        metavar="SECONDS",
        help=f"how long to listen before (and after) the CR (default {DEFAULT_LISTEN_SECONDS})",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def exit_code(result: ProbeResult) -> int:
    """0 when a state was found; 6 silent; 4 unrecognised text."""
    if result.state is ProbeState.SILENT:
        return int(ExitCode.TIMEOUT)
    if result.state is ProbeState.UNKNOWN:
        return int(ExitCode.DEVICE_REFUSED)
    return int(ExitCode.SUCCESS)


def render(result: ProbeResult) -> str:
    """`state: rommon` and then one `field: value` line per field that was seen."""
    lines = [f"state: {result.state.value}"]
    for name in FIELDS:
        value = getattr(result, name)
        if value is not None:
            lines.append(f"{name}: {json.dumps(value) if name in QUOTED else value}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Open the line, probe, print, close."""
    from rommon_toolkit.rommon.device.boundary import console_errors
    from rommon_toolkit.rommon.device.consent import ConsentGate
    from rommon_toolkit.rommon.device.probe import probe

    channel = open_channel(line_options(args), "probe", args.transcript)
    # The probe changes nothing: no consent can be given, so any change is refused unsent.
    gate = ConsentGate(assume_yes=False, ask=None, note=channel.note)
    channel.before_send = lambda text: gate.check(channel.recent_text(), text)
    try:
        with console_errors():
            result = probe(channel, args.listen)
        quality = channel.line_quality()
    finally:
        channel.close()
    print(json.dumps(result.to_json()) if args.json else render(result))
    advice = line_advice(result, *quality)
    if advice:
        print(f"rommon: {advice}", file=sys.stderr)
    return exit_code(result)


def line_advice(result: ProbeResult, text: int, noise: int) -> str:
    """What to check when the probe found a silent or garbled line ("" otherwise)."""
    from rommon_toolkit.rommon.decisions.console_speeds import garbled
    from rommon_toolkit.rommon.device.driver import (
        GARBLED_LINE_ADVICE,
        SILENT_LINE_ADVICE,
    )

    if noise and garbled(text, noise):
        return GARBLED_LINE_ADVICE.format(noise=noise, text=text) + "; or try --baud auto"
    if result.state is ProbeState.SILENT:
        return SILENT_LINE_ADVICE
    return ""
