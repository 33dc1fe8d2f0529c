"""`rommon transcript show FILE [--raw]`: read a run's transcript as the terminal looked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode


def register(subparsers: Any) -> None:
    """Add `transcript show`."""
    parser = subparsers.add_parser(
        "transcript",
        help="read a transcript: as the terminal looked, with timestamps and step headers",
    )
    commands = parser.add_subparsers(dest="transcript_command", metavar="ACTION", required=True)
    show = commands.add_parser(
        "show",
        help="render FILE: what the unit printed, each line with its time, and every step",
        description="Secrets stay masked as they are in the file. --raw writes the received "
        "bytes exactly as they came (escape sequences included), for a terminal to replay.",
    )
    show.add_argument("file", type=Path, metavar="FILE", help="a *.transcript.jsonl file")
    show.add_argument("--raw", action="store_true", help="the received bytes only, as received")
    show.set_defaults(handler=run_show)


def run_show(args: argparse.Namespace) -> int:
    from rommon_toolkit.console.errors import TranscriptFormatError
    from rommon_toolkit.console.replay import read_transcript
    from rommon_toolkit.rommon.ui.transcript_view import render

    try:
        transcript = read_transcript(args.file)
    except TranscriptFormatError as exc:
        raise PreflightError(str(exc), "give a *.transcript.jsonl file written by rommon") from exc
    if args.raw:
        sys.stdout.buffer.write(transcript.received())
        sys.stdout.flush()
        return int(ExitCode.SUCCESS)
    for line in render(transcript):
        print(line)
    return int(ExitCode.SUCCESS)
