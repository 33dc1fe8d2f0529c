"""Open the console line, its transcript and the channel over both, from typed settings."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rommon_toolkit.rommon.decisions.console_speeds import AUTO_BAUD
from rommon_toolkit.rommon.device.boundary import console_errors

if TYPE_CHECKING:  # imported lazily at run time so `rommon --help` stays fast
    from rommon_toolkit.console.channel import Channel
    from rommon_toolkit.console.port import Line
    from rommon_toolkit.console.transcript import TranscriptWriter

RUNS_DIR = Path("runs")


@dataclass(frozen=True)
class LineOptions:
    """Which console line to open and at what speed (`auto`: the one console adapter)."""

    port: str
    baud: int = 9600


def resolve_port(port: str) -> str:
    """The port to open: `auto` becomes the one console-like port, anything else stays."""
    if port.strip().lower() != "auto":
        return port
    from rommon_toolkit.console.ports import list_ports, resolve_auto

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


def open_transcript(
    given: Path | None, command: str, url: str, *, quiet: bool = False
) -> TranscriptWriter:
    """The session's transcript, with the ASA redaction rules; its path goes to stderr."""
    from rommon_toolkit.console.transcript import TranscriptWriter
    from rommon_toolkit.rommon.decisions.redaction_rules import (
        ASA_REDACTION_RULES,
        ASA_TRIGGER,
        SECRET_BLOCKS,
        SECRET_PROMPTS,
    )

    path = transcript_path(given, command)
    writer = TranscriptWriter(
        path,
        url,
        ASA_REDACTION_RULES,
        SECRET_PROMPTS,
        trigger=ASA_TRIGGER,
        secret_blocks=SECRET_BLOCKS,
    )
    if not quiet:
        print(f"rommon: transcript {path}", file=sys.stderr)
    return writer


def open_port(options: LineOptions) -> Line:
    """Open the line (console errors become LineError)."""
    from rommon_toolkit.console.line import LineSettings
    from rommon_toolkit.console.port import open_line

    url = resolve_port(options.port)
    baud = options.baud
    if baud == AUTO_BAUD:
        from rommon_toolkit.rommon.device.speed_detect import detect_speed

        baud, trials = detect_speed(url)
        print(
            f"rommon: --baud auto: the console answers at {baud} baud (tried "
            + ", ".join(str(t.baud) for t in trials)
            + ")",
            file=sys.stderr,
        )
    with console_errors():
        return open_line(url, LineSettings(baudrate=baud))


def open_channel(
    options: LineOptions, command: str, transcript: Path | None, *, quiet: bool = False
) -> Channel:
    """Open the port, then a transcript, then a channel over both."""
    from rommon_toolkit.console.channel import Channel

    line = open_port(options)
    writer = open_transcript(transcript, command, line.url, quiet=quiet)
    return Channel(line, writer)
