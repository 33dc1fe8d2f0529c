"""The scaffolding every unit-facing command shares: open, record, run, always report.

A run writes, under its run folder (default `./runs/<timestamp>-<command>/`): the transcript,
the JSON report (also on failure), and backups. The journal belongs to the unit: it is kept
across runs in the state folder (`--state-dir`, $ROMMON_STATE_DIR, or the user's state folder)
under the unit's serial, provisional per port until the serial is read (records.journal), so a
re-run can tell which files an interrupted earlier run wrote on THIS unit.
"""

from __future__ import annotations

import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from rommon_toolkit.console.private_files import private_folder
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.device.consent import ConsentRequiredError
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.line_opening import LineOptions, open_channel
from rommon_toolkit.rommon.device.session import Timeouts, UnitSession
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.feedback import Feedback
from rommon_toolkit.rommon.records.journal import UnitJournal, state_folder
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
    stay_logged_in: bool = False  # else the console is logged off (`exit`) at the end
    state_dir: Path | None = None  # where the unit journals live (None: $ROMMON_STATE_DIR...)
    # how a staging `copy` fetches the image, "tftp" or "http" (None: the command stages nothing);
    # recorded as the report's `transport`
    transport: str | None = None
    http_port: int = 80  # the bundled HTTP server's port with transport "http" (0: any free)


@dataclass
class Run:
    """An open run: the session to drive and the report to fill."""

    session: UnitSession
    report: RunReport
    folder: Path


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
    from rommon_toolkit.rommon.workflows.backup import backup_passphrase, take_backup

    return take_backup(
        session.asa,
        session.run_dir / "backups",
        session.feedback,
        passphrase=backup_passphrase(),
    ).folder


def _consent_possible(
    options: RunOptions, feedback: Feedback, needs: tuple[Change, ...], command: str
) -> None:
    if not needs or options.assume_yes or getattr(feedback, "interactive", False):
        return
    kinds = [change.value for change in needs]
    what = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    raise ConsentRequiredError(
        f"`{command}` will {what}, and there is no terminal to ask on: nothing was sent",
        "run it again with --yes to consent, or run it on a terminal to be asked",
    )


def _open_journal(
    options: RunOptions, folder: Path, report: RunReport, report_path: Path
) -> UnitJournal:
    """The run's journal in the state folder; a clear error (and the report) if it cannot be."""
    state = state_folder(options.state_dir)
    try:
        return UnitJournal(state, options.line.port, run_id=f"{folder.name}-{uuid.uuid4().hex[:6]}")
    except OSError as exc:
        error = PreflightError(
            f"cannot keep the journal in {state}: {exc.strerror or exc}",
            "give a writable folder with --state-dir DIR (or ROMMON_STATE_DIR); nothing was "
            "sent to the unit",
        )
        report.finish(error)
        report.write(report_path)
        raise error from exc


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
    needs: tuple[Change, ...] = (),
    asks_enable_password: bool = True,
    planned_steps: Sequence[str] = (),
) -> Iterator[Run]:
    """Open the line, yield the run, always write the report.

    `needs`: changes this command makes whatever the unit's state; without --yes and without
    a terminal to ask on, the run stops before the line is opened (nothing is sent at all).
    `asks_enable_password`: ask it (on a terminal, when not in the environment) before the
    line is opened, not minutes into the run.
    """
    folder = new_run_folder(command, options.run_dir)
    transcript = options.transcript or folder / f"{command}.transcript.jsonl"
    report = RunReport(command)
    report.transport = options.transport
    report.transcript = str(transcript)
    report_path = options.report or folder / "report.json"
    journal = _open_journal(options, folder, report, Path(report_path))
    report.journal = str(journal.path)
    error: BaseException | None = None
    channel = None
    try:
        _consent_possible(options, feedback, needs, command)
        credentials = credentials or Credentials.for_terminal()
        if asks_enable_password:
            credentials.ask_up_front()
        channel = open_channel(options.line, command, transcript, quiet=options.quiet)
        session = UnitSession(
            channel,
            feedback,
            credentials,
            StepRunner(
                journal,
                report,
                abort,
                on_step,
                announce=feedback.tell,
                planned=planned_steps,
                mark=lambda text: (
                    channel.transcript.event("step", text)
                    if channel.transcript is not None
                    else None
                ),
            ),
            folder,
            timeouts or Timeouts(),
            assume_yes=options.assume_yes,
            take_backup=backup_into_run_folder,
        )
        report.consents = session.consent.given
        yield Run(session, report, folder)
        if not options.stay_logged_in:
            session.log_out()
    except BaseException as exc:
        error = exc
        raise
    finally:
        report.journal = str(journal.path)  # the unit's journal once its serial was read
        report.finish(error)
        report.write(Path(report_path))
        if channel is not None:
            channel.close()
        journal.close()
        if not options.quiet:
            print(f"rommon: report {report_path}", file=sys.stderr)


@contextmanager
def peer_session(
    options: RunOptions,
    run: Run,
    port: str,
    command: str,
    feedback: Feedback,
    *,
    label: str = "peer",
) -> Iterator[UnitSession]:
    """A second unit in the same run (the other unit of a failover pair): its own line,
    transcript (`<command>-<label>.transcript.jsonl`) and journal, the same report."""
    primary = run.session
    journal = UnitJournal(
        state_folder(options.state_dir), port, run_id=f"{run.folder.name}-{uuid.uuid4().hex[:6]}"
    )
    transcript = run.folder / f"{command}-{label}.transcript.jsonl"
    run.report.final_state.setdefault("transcripts", {})[label] = str(transcript)
    channel = None
    try:
        channel = open_channel(replace(options.line, port=port), command, transcript, quiet=True)
        opened = channel
        runner = StepRunner(
            journal,
            run.report,
            primary.runner.abort,
            announce=feedback.tell,
            mark=lambda text: (
                opened.transcript.event("step", text) if opened.transcript is not None else None
            ),
        )
        runner.unit = label
        session = UnitSession(
            channel,
            feedback,
            primary.credentials,
            runner,
            run.folder,
            primary.timeouts,
            assume_yes=options.assume_yes,
            take_backup=backup_into_run_folder,
        )
        try:
            yield session
            if not options.stay_logged_in:
                session.log_out()
        finally:
            run.report.consents.extend({**c, "unit": label} for c in session.consent.given)
    finally:
        run.report.final_state.setdefault("journals", {})[label] = str(journal.path)
        if channel is not None:
            channel.close()
        journal.close()
