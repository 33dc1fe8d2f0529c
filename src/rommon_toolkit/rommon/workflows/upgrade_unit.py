"""What every planned upgrade does to one unit: read it, check it, back it up, stage, boot lines.

Shared by the single-unit upgrade and the failover pair (`upgrade.py`, `upgrade_pair.py`).
Every step is idempotent, so a re-run continues from the state it finds (the journal keeps the
health snapshot and the image the unit ran before the upgrade).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.decisions.failover_state import FailoverStatus, parse_show_failover
from rommon_toolkit.rommon.decisions.health import HealthSnapshot, HealthWarning
from rommon_toolkit.rommon.decisions.images import check_asa_image_for, decode_image_name
from rommon_toolkit.rommon.decisions.parsers import VersionInfo, parse_show_version
from rommon_toolkit.rommon.decisions.platforms import platform_for
from rommon_toolkit.rommon.decisions.release_support import parse_release
from rommon_toolkit.rommon.decisions.upgrade_rules import ReleasePath, Status, mark, release_path
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError, PreflightError
from rommon_toolkit.rommon.workflows.boot_repair import check_signature
from rommon_toolkit.rommon.workflows.staging import (
    DEFAULT_HTTP_PORT,
    ProgressSource,
    StageRequest,
    copy_source,
    stage_image,
)
from rommon_toolkit.rommon.workflows.unit_identity import identify_unit

UPGRADE_BEGIN = "upgrade-begin"  # the journal record that remembers the unit before the change

Checklist = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class UpgradeRequest:
    """The image and how the units reach the bundled server (TFTP or HTTP) on `server`."""

    image: Path
    sha512: str
    server: IPv4Address
    planned_address: IPv4Interface | None = None
    peer_address: IPv4Interface | None = None
    gateway: IPv4Address | None = None
    restore_active: bool = False
    transport: str = "tftp"  # how each unit's `copy` fetches the image: "tftp" or "http"
    http_port: int = DEFAULT_HTTP_PORT  # the bound port of the bundled HTTP server
    tftp_port: int = 69  # the bundled TFTP server's UDP port (shown in the plan)

    @property
    def source(self) -> str:
        """The URL each unit copies from."""
        return copy_source(self.transport, self.server, self.image.name, self.http_port)

    @property
    def target(self) -> str:
        return f"disk0:/{self.image.name}"

    @property
    def version(self) -> str | None:
        return decode_image_name(self.image.name).version


@dataclass
class UnitState:
    """One unit as read now, and what the run learns about it."""

    session: UnitSession
    label: str  # the port's role in the command line: `unit` or `peer`
    version: VersionInfo
    failover: FailoverStatus | None
    role_at_start: str = "single"
    image_before: str | None = None
    health_before: HealthSnapshot | None = None
    health_after: HealthSnapshot | None = None
    warnings: list[HealthWarning] = field(default_factory=list)
    backup_dir: str | None = None

    @property
    def running(self) -> str | None:
        return self.version.system_image

    @property
    def serial(self) -> str | None:
        return self.session.runner.journal.serial or self.version.serial

    @property
    def role(self) -> str:
        return self.failover.role if self.failover is not None else "single"

    def to_json(self) -> dict[str, Any]:
        return {
            "port": self.label,
            "serial": self.serial,
            "role": self.role,
            "role_at_start": self.role_at_start,
            "image_before": self.image_before,
            "running_image": self.running,
            "health_before": self.health_before.to_json() if self.health_before else None,
            "health_after": self.health_after.to_json() if self.health_after else None,
            "health_warnings": [w.to_json() for w in self.warnings],
            "backup_dir": self.backup_dir,
        }


def read_unit(session: UnitSession) -> tuple[VersionInfo, FailoverStatus | None]:
    """`show version` and `show failover` (None when the unit has no such command)."""
    version_text = session.asa.run("show version")
    identify_unit(session, version_text)
    try:
        failover = parse_show_failover(session.asa.run("show failover"))
    except DeviceRefusedError:
        failover = None
    return parse_show_version(version_text), failover


def open_unit(session: UnitSession, label: str) -> UnitState:
    """Reach `#` and read the unit; the journal's memory of an earlier run is taken in."""
    session.reach_enable()
    version, failover = read_unit(session)
    state = UnitState(session, label, version, failover)
    state.role_at_start = state.role
    prior = prior_upgrade(session, None)
    state.image_before = version.system_image
    if prior is not None and prior.get("target", "").lower() == (state.running or "").lower():
        state.image_before = prior.get("image_before")
    return state


def refresh(state: UnitState) -> None:
    state.version, state.failover = read_unit(state.session)


def prior_upgrade(session: UnitSession, target: str | None) -> dict[str, Any] | None:
    """The last `upgrade-begin` record of this unit's journal (for `target`, when given)."""
    found = None
    for record in session.runner.journal.unit_records():
        if record.get("step") != UPGRADE_BEGIN or record.get("phase") != "begin":
            continue
        if target is None or str(record.get("target", "")).lower() == target.lower():
            found = record
    return found


def check_release(
    states: list[UnitState], request: UpgradeRequest, checklist: Checklist
) -> ReleasePath | None:
    """Model and release checks on each unit; the path from the oldest release to the target."""
    target = parse_release(request.version or "")
    if target is None:
        raise PreflightError(f"cannot tell the release of {request.image.name} from its name")
    path = None
    for state in states:
        try:
            _check_model(state.version, request.image.name)
        except (PreflightError, DeviceRefusedError) as exc:
            mark(checklist, "model-supports-release", Status.FAILED, f"{state.label}: {exc}")
            raise
        mark(
            checklist,
            "model-supports-release",
            Status.PASSED,
            f"{state.label}: {state.version.model} runs {request.version}",
        )
        before = _release_before(state)
        if before is not None:
            step = release_path(before, target)
            if path is None or step.current < path.current:
                path = step
    return path


def _check_model(version: VersionInfo, image_name: str) -> None:
    """The model `show version` names must run the image (family and release)."""
    if version.model is None:
        return
    try:
        check_asa_image_for(decode_image_name(image_name), platform_for(version.model))
    except PreflightError as exc:
        raise DeviceRefusedError(exc.message, exc.advice) from exc


def _release_before(state: UnitState) -> tuple[int, int, int, int] | None:
    image = state.image_before or ""
    version = (
        decode_image_name(image.rsplit("/", 1)[-1]).version
        if image != state.running
        else state.version.asa_version
    )
    return parse_release(version or "")


def remember_before(state: UnitState, request: UpgradeRequest, snapshot: HealthSnapshot) -> None:
    """The journal record a resumed run reads back: what ran before, and its health."""
    with state.session.runner.step(
        UPGRADE_BEGIN,
        target=request.target,
        image_before=state.image_before,
        role=state.role_at_start,
        health_before=snapshot.to_json(),
    ):
        pass


def health_from_journal(state: UnitState, request: UpgradeRequest) -> HealthSnapshot | None:
    prior = prior_upgrade(state.session, request.target)
    if prior is None or not isinstance(prior.get("health_before"), dict):
        return None
    return HealthSnapshot.from_json(prior["health_before"])


def backup_unit(state: UnitState, checklist: Checklist) -> None:
    """The complete backup (before the first change); its folder goes in the report."""
    state.session.backup_before_change()
    state.backup_dir = str(state.session.backup_folder)
    mark(checklist, "backup", Status.PASSED, f"{state.label}: {state.backup_dir}")


def stage_on(
    state: UnitState,
    request: UpgradeRequest,
    checklist: Checklist,
    progress: ProgressSource | None,
    address: IPv4Interface | None,
) -> None:
    """Copy and verify the image (hash), then check its signature; marks the checklist."""
    stage = StageRequest(
        request.image,
        request.sha512,
        request.server,
        address,
        request.gateway,
        request.transport,
        request.http_port,
    )
    try:
        with state.session.runner.step("stage", target=request.target) as step:
            result = stage_image(state.session, stage, progress)
            step.details["copied"] = result.copied
    except DeviceRefusedError as exc:
        key = "disk0-space" if "bytes free" in exc.message else "staged"
        mark(checklist, key, Status.FAILED, f"{state.label}: {exc.message}")
        raise
    mark(checklist, "disk0-space", Status.PASSED, f"{state.label}: room for the image")
    mark(
        checklist,
        "staged",
        Status.PASSED,
        f"{state.label}: {'copied' if result.copied else 'already there'}",
    )
    check_signature(state.session, request.target)
    mark(
        checklist,
        "image-verified",
        Status.PASSED,
        f"{state.label}: SHA-512 {request.sha512[:16]}... and signature",
    )
