"""The JSON report of a run: plan, each step with result and timing, transfers, final state."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rommon_toolkit.console.private_files import write_private_text
from rommon_toolkit.rommon.errors import OperatorAbortError, RommonError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.records.journal import Journal


@dataclass
class StepResult:
    """One step as it ran."""

    name: str
    outcome: str = "running"  # ok | skipped | failed
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)
    unit: str | None = None  # which unit of a pair (`active`, `standby`); None: the only one


REPORT_VERSION = 1


@dataclass
class RunReport:
    """Everything a run did, written as JSON at the end (and on failure)."""

    command: str
    format: str = "rommon-report"  # what this file is, for tools that read it
    version: int = REPORT_VERSION  # bumped when a field changes meaning or goes
    started: str = field(
        default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds")
    )
    plan: dict[str, Any] = field(default_factory=dict)
    steps: list[StepResult] = field(default_factory=list)
    transfers: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    consents: list[dict[str, str]] = field(default_factory=list)  # each change and its consent
    final_state: dict[str, Any] = field(default_factory=dict)
    transport: str | None = None  # how the image was staged: "tftp", "http" (None: no staging)
    units: list[dict[str, Any]] = field(default_factory=list)  # upgrade: one entry per unit
    checklist: dict[str, dict[str, Any]] = field(default_factory=dict)  # upgrade: seed's points
    outcome: str = "running"
    exit_code: int = int(ExitCode.SUCCESS)
    error: str | None = None
    transcript: str | None = None
    journal: str | None = None

    def finish(self, error: BaseException | None) -> None:
        """Record the outcome class from the error (or success)."""
        if error is None:
            self.outcome, self.exit_code = "success", int(ExitCode.SUCCESS)
        elif isinstance(error, RommonError):
            self.outcome = type(error).__name__
            self.exit_code = int(error.exit_code)
            self.error = error.render()
        elif isinstance(error, KeyboardInterrupt):
            self.outcome, self.exit_code = "operator-abort", int(ExitCode.OPERATOR_ABORT)
            self.error = "interrupted by the operator"
        else:
            self.outcome, self.exit_code = "internal-error", int(ExitCode.INTERNAL_ERROR)
            self.error = f"{type(error).__name__}: {error}"

    def write(self, path: Path) -> None:
        """Write the report atomically, 0600 (it names what was done to the unit)."""
        write_private_text(path, json.dumps(asdict(self), indent=2, default=str) + "\n")


class StepRunner:
    """Runs named steps: journalled before acting, timed and recorded in the report."""

    def __init__(
        self,
        journal: Journal,
        report: RunReport,
        abort: threading.Event | None = None,
        on_step: Callable[[str], None] | None = None,
        *,
        announce: Callable[[str], None] | None = None,
        mark: Callable[[str], None] | None = None,
        planned: Sequence[str] = (),
    ) -> None:
        self.journal = journal
        self.report = report
        self.abort = abort  # set by Ctrl-C in bench mode: no new step starts
        self.on_step = on_step  # called with the step name as each step begins
        self.announce = announce  # one line to the engineer as each step starts and ends
        self.mark = mark  # a `step` event in the transcript, at the start and the end
        self._number = 0
        self.planned = list(planned)  # the steps in the plan's order: numbers `[k/N]`
        self._taken: set[int] = set()
        self.unit: str | None = None  # the unit's label in a pair run (report and messages)

    @contextmanager
    def step(self, name: str, **details: Any) -> Iterator[StepResult]:
        if self.abort is not None and self.abort.is_set():
            raise OperatorAbortError(f"stopped by the operator before `{name}`")
        if self.on_step is not None:
            self.on_step(name)
        result = StepResult(name, details=dict(details), unit=self.unit)
        self.report.steps.append(result)
        self.journal.write(name, "begin", **details)
        number = self._number_for(name)
        self._say(f"[{number}] {name} ...")
        started = time.monotonic()
        try:
            yield result
        except BaseException as exc:
            result.outcome = "failed"
            result.details["error"] = exc.render() if isinstance(exc, RommonError) else str(exc)
            raise
        finally:
            result.seconds = round(time.monotonic() - started, 3)
            if result.outcome == "running":
                result.outcome = "ok"
            extra = {k: v for k, v in result.details.items() if k not in details}
            self.journal.write(name, "end", outcome=result.outcome, seconds=result.seconds, **extra)
            self._say(f"[{number}] {name}: {result.outcome} ({result.seconds:.1f} s)")

    def _number_for(self, name: str) -> str:
        """`k/N` from the plan (the first unused place of this step), else a running count."""
        for index, planned in enumerate(self.planned):
            if planned == name and index not in self._taken:
                self._taken.add(index)
                return f"{index + 1}/{len(self.planned)}"
        self._number += 1
        return f"+{self._number}" if self.planned else str(self._number)

    def _say(self, text: str) -> None:
        if self.unit is not None:
            text = f"{self.unit}: {text}"
        if self.mark is not None:
            self.mark(text)
        if self.announce is not None:
            self.announce(text)

    def skip(self, name: str, reason: str) -> None:
        """Record a step not taken, and why (resume finds it already done, say)."""
        self.report.steps.append(
            StepResult(name, "skipped", 0.0, {"reason": reason}, unit=self.unit)
        )
        self.journal.write(name, "skipped", reason=reason)
