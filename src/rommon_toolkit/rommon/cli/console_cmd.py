"""`rommon console`: an interactive terminal on the line, with a status line and hotkeys."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.cli.common import (
    line_options,
)
from rommon_toolkit.rommon.cli.shared_options import line_options_parent
from rommon_toolkit.rommon.decisions.hotkeys import help_text
from rommon_toolkit.rommon.device.line_opening import open_port, open_transcript
from rommon_toolkit.rommon.errors import LineError, PreflightError


def register(subparsers: Any) -> None:
    """Add the `console` subcommand."""
    parser = subparsers.add_parser(
        "console",
        help="interactive terminal on the console line (Ctrl-] q quits)",
        description="Type to the unit directly; everything goes to the transcript. Hotkeys:\n"
        + help_text(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[line_options_parent()],
    )
    parser.add_argument(
        "--no-status", action="store_true", help="no status line (for terminals without VT100)"
    )
    parser.add_argument(
        "--logfile",
        type=Path,
        metavar="FILE",
        help="also write a plain-text log of the session (as `rommon transcript show` renders "
        "it: times, the unit's text, events; secrets masked), written when the session ends",
    )
    parser.set_defaults(handler=run)


def write_logfile(transcript: Path, logfile: Path) -> None:
    """The session as plain text, from its (redacted) transcript; 0600 like every record."""
    from rommon_toolkit.console.private_files import write_private_text
    from rommon_toolkit.console.replay import read_transcript
    from rommon_toolkit.rommon.ui.transcript_view import render

    write_private_text(
        logfile, "".join(line + "\n" for line in render(read_transcript(transcript)))
    )


def run(args: argparse.Namespace) -> int:
    """Run the terminal until the engineer quits (0) or the line is lost (7)."""
    if not sys.stdin.isatty():
        raise PreflightError(
            "rommon console needs an interactive terminal on stdin",
            "run it from a terminal; for scripted use see `rommon probe`",
        )
    from rommon_toolkit.rommon.ui.interactive_terminal import Terminal

    line = open_port(line_options(args))
    transcript = open_transcript(args.transcript, "console", line.url)
    transcript.event("opened", f"{line.url} {line.settings.describe()}")
    terminal = Terminal(line, transcript, status=not args.no_status)
    try:
        terminal.run()
    finally:
        line.close()
        transcript.close()
        print(f"rommon: transcript {transcript.path}", file=sys.stderr)
        if args.logfile is not None:
            write_logfile(Path(transcript.path), args.logfile)
            print(f"rommon: log {args.logfile}", file=sys.stderr)
    if terminal.lost is not None:
        raise LineError(terminal.lost.message, terminal.lost.advice)
    return 0
