"""Arguments and helpers shared by every command that talks to a unit."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rommon.boundary import console_errors

if TYPE_CHECKING:  # imported lazily at run time so `rommon --help` stays fast
    from console.channel import Channel
    from console.port import Line
    from console.transcript import TranscriptWriter

RUNS_DIR = Path("runs")
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


def resolve_port(arg: str) -> str:
    """The port to open: `auto` becomes the one console-like port, anything else stays."""
    if arg.strip().lower() != "auto":
        return arg
    from console.ports import list_ports, resolve_auto

    with console_errors():
        return resolve_auto(list_ports())


def transcript_path(given: Path | None, command: str, now: datetime | None = None) -> Path:
    """`given`, or a new file under ./runs named after the time and the command."""
    if given is not None:
        return given
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = RUNS_DIR / f"{stamp}-{command}.transcript.jsonl"
    counter = 1
    while path.exists():
        path = RUNS_DIR / f"{stamp}-{command}-{counter}.transcript.jsonl"
        counter += 1
    return path


def open_transcript(args: argparse.Namespace, command: str, url: str) -> TranscriptWriter:
    """The session's transcript, with the ASA redaction rules; its path goes to stderr."""
    from console.transcript import TranscriptWriter
    from rommon.redaction import ASA_REDACTION_RULES

    path = transcript_path(args.transcript, command)
    writer = TranscriptWriter(path, url, ASA_REDACTION_RULES)
    if not getattr(args, "quiet", False):
        print(f"rommon: transcript {path}", file=sys.stderr)
    return writer


def open_port(args: argparse.Namespace) -> Line:
    """Open the line named by `--port` and `--baud` (console errors become LineError)."""
    from console.line import LineSettings
    from console.port import open_line

    url = resolve_port(args.port)
    if url.startswith("sim://"):  # the virtual ASA registers its pyserial handler on demand
        import simulator

        simulator.register_url_handler()
    with console_errors():
        return open_line(url, LineSettings(baudrate=args.baud))


def open_channel(args: argparse.Namespace, command: str) -> Channel:
    """Open the port, then a transcript, then a channel over both."""
    from console.channel import Channel

    line = open_port(args)
    transcript = open_transcript(args, command, line.url)
    return Channel(line, transcript)


def positive_seconds(text: str) -> float:
    """argparse type: a number of seconds in (0, 3600]."""
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from exc
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text} s is out of range (0 < seconds <= 3600)")
    return value
