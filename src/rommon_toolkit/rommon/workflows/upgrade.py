"""`rommon upgrade` on one unit (seed 000): backup -> stage -> boot lines -> write memory ->
reload (consent) -> verify the running image -> health diff.

Resumable: a unit already on the target skips to the verification, and the diff compares with
the health snapshot the interrupted run journalled before it changed anything.
"""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.bootvar import plan_boot
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.decisions.health import diff_health
from rommon_toolkit.rommon.decisions.parsers import parse_boot_lines, parse_dir
from rommon_toolkit.rommon.decisions.upgrade_rules import PathKind, Status, mark
from rommon_toolkit.rommon.errors import DeviceRefusedError, OperatorAbortError, PreflightError
from rommon_toolkit.rommon.workflows.boot_repair import apply_boot_plan, reload_and_verify
from rommon_toolkit.rommon.workflows.health_check import take_snapshot
from rommon_toolkit.rommon.workflows.staging import ProgressSource
from rommon_toolkit.rommon.workflows.upgrade_unit import (
    Checklist,
    UnitState,
    UpgradeRequest,
    backup_unit,
    check_release,
    health_from_journal,
    refresh,
    remember_before,
    stage_on,
)


def upgrade_single(
    state: UnitState,
    request: UpgradeRequest,
    checklist: Checklist,
    progress: ProgressSource | None = None,
) -> UnitState:
    """The whole single-unit upgrade; raises a RommonError on any refusal."""
    session = state.session
    if state.failover is not None and state.failover.enabled:
        raise PreflightError(
            f"this unit is the {state.role} unit of a failover pair "
            f"({state.failover.unit or 'unit ?'}): upgrading it alone would leave the pair on "
            "two versions",
            "give the other unit's console with --peer-port URL to upgrade the pair",
        )
    path = check_release([state], request, checklist)
    if path is not None:
        mark(checklist, "release-path", Status.PASSED, path.describe())
        for note in path.notes:
            session.feedback.warn(note)
    mark(checklist, "console-access", Status.PASSED, "the run is on the unit's console")
    on_target = (state.running or "").lower() == request.target.lower()
    if on_target:
        session.feedback.tell(f"the unit already runs {request.target}: verifying")
        state.health_before = health_from_journal(state, request)
        if path is not None and path.kind is PathKind.SAME and state.health_before is None:
            session.feedback.tell("no earlier upgrade run in the journal: nothing to compare")
        for key in ("backup", "staged", "image-verified", "disk0-space", "write-memory"):
            mark(checklist, key, Status.SKIPPED, "the unit already runs the target")
        ensure_fallback(state, request, checklist)
    else:
        state.health_before = take_snapshot(session, "before")
        remember_before(state, request, state.health_before)
        backup_unit(state, checklist)
        stage_on(state, request, checklist, progress, request.planned_address)
        boot = plan_boot(
            parse_boot_lines(session.asa.run("show running-config boot")),
            parse_dir(session.asa.run("dir disk0:")),
            request.target,
            state.running,
            state.version.confreg_next or state.version.confreg,
        )
        apply_boot_plan(session, boot)
        mark(checklist, "boot-lines", Status.PASSED, " then ".join(boot.desired))
        mark(checklist, "write-memory", Status.PASSED, "[OK], boot lines read back")
        if not session.confirm(
            f"Reload the unit now to boot {request.target}? Traffic stops until it is back.",
            Change.RELOAD,
        ):
            raise OperatorAbortError(
                "the reload was not confirmed",
                f"the unit boots {request.target} at its next reload (boot lines written); "
                "run the same command again to reload and verify",
            )
        outcome = reload_and_verify(session, boot)
        if not outcome.on_target:
            mark(checklist, "reload-and-verify", Status.FAILED, f"runs {outcome.booted}")
            raise DeviceRefusedError(
                f"after the reload the unit runs {outcome.booted}, not {request.target}",
                "the old image booted as the fallback; see `show bootvar` and the transcript, "
                "then `rommon rollback` to put the old image first again",
            )
    refresh(state)
    state.health_after = take_snapshot(session, "after")
    if state.health_before is not None:
        state.warnings = diff_health(state.health_before, state.health_after)
    detail = f"runs {state.running}; health diff: {len(state.warnings)} warning(s)"
    mark(checklist, "reload-and-verify", Status.PASSED, detail)
    for warning in state.warnings:
        session.feedback.warn("health after the upgrade: " + warning.render())
    return state


def ensure_fallback(state: UnitState, request: UpgradeRequest, checklist: Checklist) -> None:
    """On the target already: the boot lines must still be target first, old as fallback."""
    session = state.session
    lines = parse_boot_lines(session.asa.run("show running-config boot"))
    listing = parse_dir(session.asa.run("dir disk0:"))
    old = state.image_before if state.image_before != state.running else None
    boot = plan_boot(lines, listing, request.target, old, None)
    if boot.changes_needed:
        apply_boot_plan(session, boot)
    mark(checklist, "boot-lines", Status.PASSED, " then ".join(boot.desired))
