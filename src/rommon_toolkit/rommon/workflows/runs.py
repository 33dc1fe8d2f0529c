"""The scaffolding every unit-facing command shares: open, record, run, always report.

A run writes, under its run folder (default `./runs/<timestamp>-<command>/`): the transcript,
the JSON report (also on failure), and backups. The journal is per console port
(`./runs/journal-<port>.jsonl`) and kept across runs, so a re-run can tell which files an
interrupted earlier run wrote.
"""

from __future__ import annotations

import hashlib
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rommon_toolkit.console.private_files import private_folder
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.line_opening import LineOptions, open_channel
from rommon_toolkit.rommon.device.session import Timeouts, UnitSession
from rommon_toolkit.rommon.feedback import Feedback
from rommon_toolkit.rommon.records.journal import Journal
from rommon_toolkit.rommon.records.report import RunReport, StepRunner

RUNS_DIR = Path("runs")


@dataclass(frozen=True)
class RunOptions:
    """What every unit-facing command shares, built by the CLI and by the bench alike."""

    line: LineOptions
    assume_yes: bool = False
    run_dir: Path | None = None
    transcript: Path | None = None
    report: Path | None = None
    quiet: bool = False


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
        private_folder(given)
        return given
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        folder = RUNS_DIR / (f"{stamp}-{command}" + (f"-{attempt}" if attempt else ""))
        try:
            private_folder(folder, exist_ok=False)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"no free run folder under {RUNS_DIR}")


def backup_into_run_folder(session: UnitSession) -> Path:
    """The run's backup of what the unit holds, under its run folder; returns the folder."""
    from rommon_toolkit.rommon.workflows.backup import take_backup

    return take_backup(session.asa, session.run_dir / "backups", session.feedback).folder


@contextmanager
def unit_run(
    options: RunOptions,
    command: str,
    feedback: Feedback,
    *,
    timeouts: Timeouts | None = None,
    credentials: Credentials | None = None,
    abort: threading.Event | None = None,
    on_step: Callable[[str], None] | None = None,
) -> Iterator[Run]:
    """Open the line, yield the run, always write the report."""
    folder = new_run_folder(command, options.run_dir)
    transcript = options.transcript or folder / f"{command}.transcript.jsonl"
    report = RunReport(command)
    report.transcript = str(transcript)
    report_path = options.report or folder / "report.json"
    journal = Journal(RUNS_DIR / f"journal-{port_slug(options.line.port)}.jsonl")
    report.journal = str(journal.path)
    error: BaseException | None = None
    channel = None
    try:
        channel = open_channel(options.line, command, transcript, quiet=options.quiet)
        session = UnitSession(
            channel,
            feedback,
            credentials or Credentials.for_terminal(),
            StepRunner(journal, report, abort, on_step),
            folder,
            timeouts or Timeouts(),
            assume_yes=options.assume_yes,
            take_backup=backup_into_run_folder,
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
        if not options.quiet:
            print(f"rommon: report {report_path}", file=sys.stderr)
