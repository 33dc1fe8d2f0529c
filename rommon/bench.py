"""Bench mode: many units at once from one laptop, one TFTP server for all.

Each unit runs its job in its own thread with its own transcript, journal and report under
one run folder; one unit's failure never stops the others; Ctrl-C lets every unit finish the
step it is in (no step is cut in half) and starts no new one.
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import Any

from rommon.credentials import Credentials
from rommon.errors import PreflightError, RommonError
from rommon.exitcodes import ExitCode
from rommon.feedback import Feedback
from rommon.hashing import expected_sha512, require_match, sha512_of
from rommon.inventory import Inventory, UnitSpec
from rommon.network import check_addressing
from rommon.session import Timeouts, UnitSession
from rommon.tftp_link import TftpLink

SEVERITY = [ExitCode.INTERNAL_ERROR, ExitCode.LINE_ERROR, ExitCode.TIMEOUT,
            ExitCode.DEVICE_REFUSED, ExitCode.PREFLIGHT_REFUSED, ExitCode.OPERATOR_ABORT]  # fmt: skip


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
    for key, path in (("image", _shared_path(inventory, "image")), ("firmware", inventory.firmware)):
        if path is None:
            results[key] = (None, None)
            continue
        if not path.is_file():
            raise PreflightError(f"[shared] {key} {path} does not exist")
        digest = sha512_of(path, lambda d, t, k=key: feedback.progress(f"sha-512 {k}", d, t))
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
    ) -> None:
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
                    threading.Event().wait(0.2)
            except KeyboardInterrupt:
                self.abort.set()
                for status in self.statuses:
                    if status.state == "queued":
                        status.state, status.error = "aborted", "not started (Ctrl-C)"
                for future in futures:
                    future.cancel()
                while not all(f.done() for f in futures):
                    on_change()
                    threading.Event().wait(0.2)
        on_change()
        return self.statuses

    def _run_unit(self, unit: UnitSpec, status: UnitStatus) -> None:
        if self.abort.is_set():
            return
        from rommon.runs import unit_run

        status.state, status.started = "running", time.monotonic()
        unit_dir = self.folder / unit.name
        args = argparse.Namespace(
            port=unit.port,
            baud=9600,
            transcript=None,
            report=unit_dir / "report.json",
            run_dir=unit_dir,
            yes=self.assume_yes,
            quiet=True,
        )
        status.report = str(args.report)
        feedback = UnitFeedback(status, self.assume_yes)
        try:
            with unit_run(
                args,
                unit.job,
                feedback,
                timeouts=self.timeouts,
                credentials=Credentials(env=dict(os.environ), asker=None),
                abort=self.abort,
                on_step=lambda name: setattr(status, "step", name),
                quiet=True,
            ) as run:
                run_job(unit, self.inventory, self.files, run.session, self.link, run.report)
            status.state, status.exit_code = "done", int(ExitCode.SUCCESS)
        except RommonError as exc:
            status.state = "aborted" if exc.exit_code is ExitCode.OPERATOR_ABORT else "failed"
            status.exit_code, status.error = int(exc.exit_code), exc.render()
        except Exception as exc:  # one unit's bug must not stop the bench
            status.state, status.exit_code = "failed", int(ExitCode.INTERNAL_ERROR)
            status.error = f"{type(exc).__name__}: {exc}"
        finally:
            status.finished = time.monotonic()


def run_job(
    unit: UnitSpec,
    inventory: Inventory,
    files: SharedFiles,
    session: UnitSession,
    link: TftpLink | None,
    report: Any,
) -> None:
    """One unit's job, with the same steps as the standalone commands."""
    from rommon.staging import StageRequest

    shared = inventory.shared
    server = IPv4Address(shared["server"]) if shared.get("server") else None
    planned = (
        IPv4Interface(f"{unit.address}/{shared['netmask']}")
        if unit.address and shared.get("netmask")
        else None
    )
    gateway = IPv4Address(shared["gateway"]) if shared.get("gateway") else None
    image = unit.image or files.image
    if unit.job == "recover":
        from rommon.preflight import RecoverOptions, build_plan
        from rommon.recovery import run_recovery

        assert image is not None
        options = RecoverOptions(
            port=unit.port,
            image=image,
            address=unit.address,
            netmask=shared.get("netmask"),
            gateway=shared.get("gateway"),
            server=shared.get("server"),
            sha512=files.image_sha512 if image == files.image else unit.sha512,
            tftp_port=int(shared.get("tftp-port", 69)),
            external_tftp=True,  # the bench's own server is already running: skip the bind test
            model=unit.model.cli_name if unit.model else None,
        )
        plan = build_plan(options, session.feedback, interfaces=[])
        report.plan = plan.to_json()
        report.final_state = run_recovery(plan, session, link).to_json()
        return
    session.reach_enable(expect_reboot=True)
    if unit.job == "backup":
        from rommon.backup import take_backup

        report.final_state = {"backup": str(take_backup(session.asa, session.run_dir / "backups",
                                                         session.feedback).folder)}
    elif unit.job == "stage":
        from rommon.staging import stage_image

        assert image is not None and server is not None
        digest = files.image_sha512 if image == files.image else sha512_of(image)
        progress = (lambda: link.progress(image.name)) if link else None
        result = stage_image(session, StageRequest(image, digest, server, planned, gateway), progress)
        report.final_state = asdict(result)
    elif unit.job == "boot-repair":
        from rommon.boot_repair import apply_boot_plan, read_boot_state

        plan = read_boot_state(session, f"disk0:/{image.name}" if image else None)
        apply_boot_plan(session, plan)
        report.final_state = {"boot_lines": plan.desired}
    elif unit.job == "upgrade-firmware":
        from rommon.firmware import upgrade_firmware

        assert files.firmware is not None and files.firmware_sha512 and server is not None
        firmware = files.firmware
        request = StageRequest(firmware, files.firmware_sha512, server, planned, gateway)
        progress = (lambda: link.progress(firmware.name)) if link else None
        report.final_state = asdict(upgrade_firmware(session, request, progress))


def combined_report(statuses: list[UnitStatus], folder: Path, seconds: float) -> Path:
    path = folder / "bench-report.json"
    units = []
    for status in statuses:
        entry = {k: v for k, v in asdict(status).items() if k not in ("started", "finished")}
        entry["seconds"] = round(status.elapsed, 2)
        units.append(entry)
    summary = {s: sum(1 for u in statuses if u.state == s) for s in ("done", "failed", "aborted")}
    path.write_text(json.dumps({"seconds": round(seconds, 2), "summary": summary,
                                "units": units}, indent=2) + "\n", encoding="utf-8")
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
