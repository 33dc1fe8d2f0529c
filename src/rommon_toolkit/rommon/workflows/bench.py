"""Bench mode: many units at once from one laptop, one TFTP server for all.

Each unit runs its job in its own thread with its own transcript, journal and report under
one run folder; one unit's failure never stops the others; Ctrl-C lets every unit finish the
step it is in (no step is cut in half) and starts no new one.
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import TypeVar

from rommon_toolkit.console.deadline import pause
from rommon_toolkit.console.private_files import write_private_text
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.decisions.network import check_addressing
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.session import Timeouts, UnitSession
from rommon_toolkit.rommon.errors import PreflightError, RommonError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import Feedback
from rommon_toolkit.rommon.records.report import RunReport
from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
from rommon_toolkit.rommon.workflows.hashing import expected_sha512, require_match, sha512_of
from rommon_toolkit.rommon.workflows.inventory import Inventory, UnitSpec
from rommon_toolkit.rommon.workflows.runs import Run, RunOptions
from rommon_toolkit.rommon.workflows.staging import StageRequest

_T = TypeVar("_T")

ALWAYS_CHANGES = {  # what a job changes whatever the unit's state (consent before the line)
    "upgrade": (Change.WRITE_MEMORY, Change.RELOAD),
}

SEVERITY = (  # the bench's exit code is the first of these any unit ended with
    ExitCode.INTERNAL_ERROR,
    ExitCode.LINE_ERROR,
    ExitCode.TIMEOUT,
    ExitCode.DEVICE_REFUSED,
    ExitCode.PREFLIGHT_REFUSED,
    ExitCode.OPERATOR_ABORT,
)


@dataclass
class UnitStatus:
    """One row of the live table and of the combined report."""

    name: str
    port: str
    job: str
    state: str = "queued"  # queued | running | done | failed | aborted
    step: str = ""
    done: int = 0
    total: int | None = None
    detail: str = ""  # what the progress counts, e.g. "tftpdnld 3.1 MB/s"
    started: float | None = None
    finished: float | None = None
    exit_code: int | None = None
    error: str | None = None
    report: str | None = None
    messages: list[str] = field(default_factory=list)

    @property
    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        return (self.finished or time.monotonic()) - self.started


@dataclass
class UnitFeedback:
    """A unit's Feedback: updates its row instead of printing (threads share the screen)."""

    status: UnitStatus
    assume_yes: bool

    def tell(self, message: str) -> None:
        self.status.messages.append(message)

    def warn(self, message: str) -> None:
        self.status.messages.append("WARNING: " + message)

    def confirm(self, question: str) -> bool:
        self.status.messages.append(f"{question} -> {'yes (--yes)' if self.assume_yes else 'no'}")
        return self.assume_yes

    def progress(self, label: str, done: int, total: int | None, detail: str = "") -> None:
        self.status.done, self.status.total = done, total
        self.status.detail = f"{label} {detail}".strip()


@dataclass(frozen=True)
class SharedFiles:
    """The hashed files the bench serves."""

    image: Path | None
    image_sha512: str | None
    firmware: Path | None
    firmware_sha512: str | None


def hash_shared(inventory: Inventory, feedback: Feedback) -> SharedFiles:
    """Hash the shared image and firmware once; compare with the inventory's values."""
    results: dict[str, tuple[Path | None, str | None]] = {}
    for key, path in (
        ("image", _shared_path(inventory, "image")),
        ("firmware", inventory.firmware),
    ):
        if path is None:
            results[key] = (None, None)
            continue
        if not path.is_file():
            raise PreflightError(f"[shared] {key} {path} does not exist")
        digest = sha512_of(path, functools.partial(feedback.progress, f"sha-512 {key}"))
        given = inventory.shared.get("sha512" if key == "image" else "firmware-sha512")
        require_match(digest, expected_sha512(given, None, path.name), path.name)
        results[key] = (path, digest)
    return SharedFiles(*results["image"], *results["firmware"])


def _shared_path(inventory: Inventory, key: str) -> Path | None:
    value = inventory.shared.get(key)
    return inventory.path.parent / value if value else None


def check_bench_addresses(inventory: Inventory, local: list[IPv4Interface]) -> None:
    """Every recover unit's addressing, checked before anything is touched."""
    problems = []
    shared = inventory.shared
    for unit in inventory.units:
        if unit.job != "recover":
            continue
        try:
            check_addressing(
                unit.address,
                shared.get("netmask"),
                shared.get("gateway"),
                shared.get("server"),
                local=local,
                external_tftp=bool(shared.get("external-tftp", False)),
            )
        except PreflightError as exc:
            problems += [f"{unit.name}: {p}" for p in exc.problems if not p.startswith("sugg")]
    if problems:
        raise PreflightError("bench network settings are not usable", problems=problems)


class Bench:
    """Runs every unit's job with at most `jobs` at once."""

    def __init__(
        self,
        inventory: Inventory,
        files: SharedFiles,
        folder: Path,
        *,
        jobs: int,
        assume_yes: bool,
        timeouts: Timeouts,
        link: TftpLink | None,
        state_dir: Path | None = None,
    ) -> None:
        self.state_dir = state_dir
        self.inventory = inventory
        self.files = files
        self.folder = folder
        self.jobs = jobs
        self.assume_yes = assume_yes
        self.timeouts = timeouts
        self.link = link
        self.abort = threading.Event()
        self.statuses = [UnitStatus(u.name, u.port, u.job) for u in inventory.units]

    def run(self, on_change: Callable[[], None]) -> list[UnitStatus]:
        """Run all units; `on_change` is called by the caller's renderer loop meanwhile."""
        with ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="unit") as pool:
            futures = [
                pool.submit(self._run_unit, unit, status)
                for unit, status in zip(self.inventory.units, self.statuses, strict=True)
            ]
            try:
                while not all(f.done() for f in futures):
                    on_change()
                    pause(0.2)
            except KeyboardInterrupt:
                self.abort.set()
                for status in self.statuses:
                    if status.state == "queued":
                        status.state, status.error = "aborted", "not started (Ctrl-C)"
                for future in futures:
                    future.cancel()
                while not all(f.done() for f in futures):
                    on_change()
                    pause(0.2)
        on_change()
        return self.statuses

    def _run_unit(self, unit: UnitSpec, status: UnitStatus) -> None:
        if self.abort.is_set():
            return
        from rommon_toolkit.rommon.device.line_opening import LineOptions
        from rommon_toolkit.rommon.workflows.runs import unit_run

        status.state, status.started = "running", time.monotonic()
        unit_dir = self.folder / unit.name
        options = RunOptions(
            line=LineOptions(unit.port),
            assume_yes=self.assume_yes,
            run_dir=unit_dir,
            report=unit_dir / "report.json",
            quiet=True,
            state_dir=self.state_dir,
        )
        status.report = str(options.report)
        feedback = UnitFeedback(status, self.assume_yes)
        try:
            with unit_run(
                options,
                unit.job,
                feedback,
                timeouts=self.timeouts,
                credentials=Credentials(env=dict(os.environ), asker=None),
                abort=self.abort,
                on_step=lambda name: setattr(status, "step", name),
                needs=ALWAYS_CHANGES.get(unit.job, ()),
            ) as run:
                job = JobContext(unit, self.inventory, self.files, self.link)
                run_job(job, run, options)
            status.state, status.exit_code = "done", int(ExitCode.SUCCESS)
        except RommonError as exc:
            status.state = "aborted" if exc.exit_code is ExitCode.OPERATOR_ABORT else "failed"
            status.exit_code, status.error = int(exc.exit_code), exc.render()
        except Exception as exc:  # one unit's bug must not stop the bench
            status.state, status.exit_code = "failed", int(ExitCode.INTERNAL_ERROR)
            status.error = f"{type(exc).__name__}: {exc}"
        finally:
            status.finished = time.monotonic()


@dataclass(frozen=True)
class JobContext:
    """What one unit's job needs besides the session."""

    unit: UnitSpec
    inventory: Inventory
    files: SharedFiles
    link: TftpLink | None

    @property
    def image(self) -> Path | None:
        return self.unit.image or self.files.image

    def image_sha512(self, image: Path) -> str:
        """The image's SHA-512, checked against the unit's `sha512` when it gives one."""
        if image == self.files.image and self.files.image_sha512:
            digest = self.files.image_sha512
        else:
            digest = sha512_of(image)
        expected = expected_sha512(self.unit.sha512, None, image.name)
        if expected is not None:
            require_match(digest, expected, image.name)
        return digest

    def stage_request(self, image: Path, digest: str) -> StageRequest:
        shared = self.inventory.shared
        if not shared.get("server"):
            raise PreflightError(f"{self.unit.name}: [shared] server is needed for a copy")
        planned = None
        if self.unit.address and shared.get("netmask"):
            planned = IPv4Interface(f"{self.unit.address}/{shared['netmask']}")
        gateway = IPv4Address(shared["gateway"]) if shared.get("gateway") else None
        return StageRequest(image, digest, IPv4Address(shared["server"]), planned, gateway)

    def progress(self, name: str) -> Callable[[], tuple[int, int | None, str]] | None:
        link = self.link
        return (lambda: link.progress(name)) if link is not None else None


def run_job(job: JobContext, run: Run, options: RunOptions) -> None:
    """One unit's job, with the same steps as the standalone commands."""
    session, report = run.session, run.report
    if job.unit.job == "recover":
        _recover(job, session, report)
        return
    if job.unit.job == "upgrade":
        _upgrade(job, run, options)
        return
    session.reach_enable()
    if job.unit.job == "backup":
        from rommon_toolkit.rommon.workflows.backup import take_backup

        backup = take_backup(session.asa, session.run_dir / "backups", session.feedback)
        report.final_state = {"backup": str(backup.folder)}
    elif job.unit.job == "stage":
        from rommon_toolkit.rommon.workflows.staging import stage_image

        image = _need(job.image, job, "an image")
        request = job.stage_request(image, job.image_sha512(image))
        report.final_state = asdict(stage_image(session, request, job.progress(image.name)))
    elif job.unit.job == "boot-repair":
        from rommon_toolkit.rommon.workflows.boot_repair import apply_boot_plan, read_boot_state

        plan = read_boot_state(session, f"disk0:/{job.image.name}" if job.image else None)
        apply_boot_plan(session, plan)
        report.final_state = {"boot_lines": list(plan.desired)}
    elif job.unit.job == "upgrade-firmware":
        from rommon_toolkit.rommon.workflows.firmware import upgrade_firmware

        firmware = _need(job.files.firmware, job, "[shared] firmware")
        request = job.stage_request(firmware, _need(job.files.firmware_sha512, job, "a hash"))
        outcome = upgrade_firmware(session, request, job.progress(firmware.name))
        report.final_state = asdict(outcome)


def _need(value: _T | None, job: JobContext, what: str) -> _T:
    if value is None:
        raise PreflightError(f"{job.unit.name}: job {job.unit.job} needs {what}")
    return value


def _upgrade(job: JobContext, run: Run, options: RunOptions) -> None:
    """`rommon upgrade` on this unit (and its `peer-port`), over the bench's TFTP server."""
    from rommon_toolkit.rommon.workflows.upgrade_run import upgrade_in_run
    from rommon_toolkit.rommon.workflows.upgrade_unit import UpgradeRequest

    image = _need(job.image, job, "an image")
    stage = job.stage_request(image, job.image_sha512(image))
    netmask = job.inventory.shared.get("netmask")
    peer = job.unit.peer_address
    request = UpgradeRequest(
        image,
        stage.sha512,
        stage.server,
        planned_address=stage.planned_address,
        peer_address=IPv4Interface(f"{peer}/{netmask}") if peer and netmask else None,
        gateway=stage.gateway,
        restore_active=job.unit.restore_active,
        tftp_port=int(job.inventory.shared.get("tftp-port", 69)),
    )
    upgrade_in_run(run, options, job.unit.peer_port, request, job.link)


def _recover(job: JobContext, session: UnitSession, report: RunReport) -> None:
    from rommon_toolkit.rommon.workflows.preflight import RecoverOptions, build_plan
    from rommon_toolkit.rommon.workflows.recovery import run_recovery

    shared = job.inventory.shared
    image = _need(job.image, job, "an image")
    options = RecoverOptions(
        port=job.unit.port,
        image=image,
        address=job.unit.address,
        netmask=shared.get("netmask"),
        gateway=shared.get("gateway"),
        server=shared.get("server"),
        sha512=job.image_sha512(image),
        tftp_port=int(shared.get("tftp-port", 69)),
        external_tftp=bool(shared.get("external-tftp", False)),
        model=job.unit.model.cli_name if job.unit.model else None,
        tftp_checked=True,  # the bench's one server is running and was checked
    )
    plan = build_plan(options, session.feedback)
    report.plan = plan.to_json()
    try:
        report.final_state = run_recovery(plan, session, job.link).to_json()
    finally:
        if job.link is not None:
            report.transfers = job.link.transfers_json(client=job.unit.address)


def combined_report(statuses: list[UnitStatus], folder: Path, seconds: float) -> Path:
    path = folder / "bench-report.json"
    units = []
    for status in statuses:
        entry = {k: v for k, v in asdict(status).items() if k not in ("started", "finished")}
        entry["seconds"] = round(status.elapsed, 2)
        units.append(entry)
    summary = {s: sum(1 for u in statuses if u.state == s) for s in ("done", "failed", "aborted")}
    write_private_text(
        path,
        json.dumps({"seconds": round(seconds, 2), "summary": summary, "units": units}, indent=2)
        + "\n",
    )
    return path


def bench_exit_code(statuses: list[UnitStatus]) -> int:
    """0 when every unit succeeded, else the most severe class among the units."""
    codes = {s.exit_code for s in statuses if s.exit_code not in (None, 0)}
    if not codes and all(s.state == "done" for s in statuses):
        return int(ExitCode.SUCCESS)
    for code in SEVERITY:
        if int(code) in codes:
            return int(code)
    return int(ExitCode.OPERATOR_ABORT)
