"""The scaffolding every unit-facing command shares: open, record, run, always report.

A run writes, under its run folder (default `./runs/<timestamp>-<command>/`): the transcript,
the JSON report (also on failure), and backups. The journal is per console port
(`./runs/journal-<port>.jsonl`) and kept across runs, so a re-run can tell which files an
interrupted earlier run wrote.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rommon.credentials import Credentials
from rommon.feedback import Feedback
from rommon.journal import Journal
from rommon.report import RunReport, StepRunner
from rommon.session import Timeouts, UnitSession

RUNS_DIR = Path("runs")


@dataclass
class Run:
    """An open run: the session to drive and the report to fill."""

    session: UnitSession
    report: RunReport
    folder: Path


def port_slug(url: str) -> str:
    """A file-name-safe, stable name for a console port."""
    text = re.sub(r"[^A-Za-z0-9]+", "-", url).strip("-")[:48]
    return f"{text}-{hashlib.sha256(url.encode()).hexdigest()[:8]}"


def new_run_folder(command: str, given: Path | None) -> Path:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        return given
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        folder = RUNS_DIR / (f"{stamp}-{command}" + (f"-{attempt}" if attempt else ""))
        try:
            folder.mkdir(parents=True)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"no free run folder under {RUNS_DIR}")


@contextmanager
def unit_run(
    args: argparse.Namespace,
    command: str,
    feedback: Feedback,
    *,
    timeouts: Timeouts | None = None,
    credentials: Credentials | None = None,
    abort: threading.Event | None = None,
    on_step: Callable[[str], None] | None = None,
    quiet: bool = False,
) -> Iterator[Run]:
    """Open the line for `args.port`, yield the run, always write the report."""
    from rommon.commands.common import open_channel

    folder = new_run_folder(command, getattr(args, "run_dir", None))
    if getattr(args, "transcript", None) is None:
        args.transcript = folder / f"{command}.transcript.jsonl"
    report = RunReport(command)
    report.transcript = str(args.transcript)
    report_path = getattr(args, "report", None) or folder / "report.json"
    journal = Journal(RUNS_DIR / f"journal-{port_slug(args.port)}.jsonl")
    report.journal = str(journal.path)
    error: BaseException | None = None
    channel = None
    try:
        channel = open_channel(args, command)
        session = UnitSession(
            channel,
            feedback,
            credentials or Credentials.for_terminal(),
            StepRunner(journal, report, abort, on_step),
            folder,
            timeouts or Timeouts(),
            assume_yes=bool(getattr(args, "yes", False)),
        )
        yield Run(session, report, folder)
    except BaseException as exc:
        error = exc
        raise
    finally:
        report.finish(error)
        report.write(Path(report_path))
        if channel is not None:
            channel.close()
        journal.close()
        if not quiet:
            print(f"rommon: report {report_path}", file=sys.stderr)
