"""`rommon upgrade --peer-port`: the hitless upgrade of an active/standby pair (seed 000).

Stage and verify on both (images do not replicate); boot lines on the active (they replicate;
read back on the standby); `write memory`; then, read afresh each time from `show failover`:
a standby on the old image is reloaded (`failover reload-standby`, followed on its console up
to the prompt, then `Standby Ready` on the target version seen from the active); a standby on
the target next to an active on the old image takes over (`no failover active`). The walk is
state-driven, so a re-run after any interruption continues where the pair stands. A check that
fails stops with both units on a bootable image (nothing is reloaded without boot lines that
hold the old image as fallback) and the error says where each unit stands.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.bootvar import plan_boot
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.decisions.failover_state import FailoverStatus
from rommon_toolkit.rommon.decisions.health import HealthSnapshot, diff_health
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.decisions.parsers import parse_boot_lines, parse_dir
from rommon_toolkit.rommon.decisions.upgrade_rules import Status, check_path_for_pair, mark
from rommon_toolkit.rommon.device.boundary import console_errors
from rommon_toolkit.rommon.errors import (
    DeviceRefusedError,
    DeviceTimeoutError,
    PreflightError,
    RommonError,
)
from rommon_toolkit.rommon.records.report import RunReport
from rommon_toolkit.rommon.workflows.boot_repair import apply_boot_plan, check_signature
from rommon_toolkit.rommon.workflows.health_check import take_snapshot
from rommon_toolkit.rommon.workflows.staging import ProgressSource
from rommon_toolkit.rommon.workflows.upgrade_unit import (
    Checklist,
    UnitState,
    UpgradeRequest,
    backup_unit,
    check_release,
    health_from_journal,
    prior_upgrade,
    refresh,
    remember_before,
    stage_on,
)

MAX_ROUNDS = 6  # reload standby, switchover, reload standby (+ restore-active), with slack
POLL = 2.0  # seconds between two `show failover` while waiting on the pair
_PAIR_NOTICE = re.compile(r"Switching to|[Rr]eplication|Detected an Active mate")


def upgrade_pair(
    states: list[UnitState],
    request: UpgradeRequest,
    checklist: Checklist,
    progress: ProgressSource | None,
    report: RunReport,
) -> None:
    """The whole pair upgrade; on a stop, `report.final_state["pair"]` says where it stands."""
    try:
        _upgrade_pair(states, request, checklist, progress)
    except RommonError as exc:
        where = _where(states)
        report.final_state["pair"] = where
        exc.advice = (
            (exc.advice + "; " if exc.advice else "")
            + "where the pair stands: "
            + (
                "; ".join(
                    f"{u['port']} ({u['serial']}): {u['role']}, runs {u['running_image']}, "
                    f"failover {u['failover_state']}"
                    for u in where
                )
            )
        )
        raise
    except KeyboardInterrupt:  # the operator stopped: nothing more is sent, say what is known
        report.final_state["pair"] = _where(states, read_again=False)
        raise
    report.final_state["pair"] = _where(states)


def _where(states: list[UnitState], *, read_again: bool = True) -> list[dict[str, Any]]:
    """Each unit's role, image and failover state, read again where the line allows."""
    out = []
    for state in states:
        if read_again and _at_asa_prompt(state):  # never type into a boot (countdown) or at ROMMON
            with contextlib.suppress(RommonError):  # what was read last is what is known
                refresh(state)
        failover = state.failover
        out.append(
            {
                "port": state.label,
                "serial": state.serial,
                "role": state.role,
                "running_image": state.running,
                "failover_state": failover.this_host.state
                if failover is not None and failover.this_host is not None
                else "unknown",
            }
        )
    return out


def _standby_ready(failover: FailoverStatus | None) -> bool:
    return (
        failover is not None
        and failover.this_host is not None
        and (failover.this_host.standby_ready)
    )


def _settled(failover: FailoverStatus) -> bool:
    return failover.role == "active" or _standby_ready(failover)


def _at_asa_prompt(state: UnitState) -> bool:
    tail = state.session.channel.recent_text().rstrip(" ").rsplit("\n", 1)[-1]
    return bool(p.ASA_PROMPT.search(tail)) and not tail.lower().startswith("rommon")


def _pair_of(states: list[UnitState]) -> tuple[UnitState, UnitState]:
    """(active, standby), or a refusal that names what each unit says."""
    roles = {state.role: state for state in states}
    if set(roles) != {"active", "standby"}:
        said = ", ".join(f"{s.label}: {s.role}" for s in states)
        raise DeviceRefusedError(
            f"the two consoles are not one active and one standby unit ({said})",
            "check --port and --peer-port are the two units of one pair and `show failover` "
            "on each; nothing was changed",
        )
    return roles["active"], roles["standby"]


def _check_mates(active: UnitState, standby: UnitState) -> None:
    assert active.failover is not None
    mate = active.failover.mate_serial
    if mate and standby.serial and mate.upper() != standby.serial.upper():
        raise DeviceRefusedError(
            f"the peer console ({standby.serial}) is not this unit's mate ({mate})",
            "give the other unit of THIS pair with --peer-port; nothing was changed",
        )


def _on_target(state: UnitState, request: UpgradeRequest) -> bool:
    return (state.running or "").lower() == request.target.lower()


def _upgrade_pair(
    states: list[UnitState],
    request: UpgradeRequest,
    checklist: Checklist,
    progress: ProgressSource | None,
) -> None:
    for state in states:
        if state.failover is None or not state.failover.enabled:
            raise PreflightError(
                f"{state.label}: failover is not on: this is no failover pair",
                "upgrade each unit on its own (without --peer-port)",
            )
    for state in states:  # a unit still joining (Negotiation, Sync Config...) is waited for
        if state.role not in ("active", "standby") or (
            state.role == "standby" and not _standby_ready(state.failover)
        ):
            _wait_for(state, _settled, "the unit to settle as Active or Standby Ready")
    active, standby = _pair_of(states)
    _check_mates(active, standby)
    path = check_release(states, request, checklist)
    if path is not None:
        try:
            check_path_for_pair(path)
        except PreflightError as exc:
            mark(checklist, "release-path", Status.FAILED, exc.message)
            raise
        mark(checklist, "release-path", Status.PASSED, path.describe())
    mark(checklist, "console-access", Status.PASSED, "the run is on both units' consoles")
    original_active = active.serial
    for state in states:
        prior = prior_upgrade(state.session, request.target)
        state.health_before = health_from_journal(state, request)
        if prior is not None and prior.get("role") in ("active", "standby"):
            state.role_at_start = str(prior["role"])  # a resumed walk: the role at its start
        if state.health_before is None:
            state.health_before = take_snapshot(state.session, "before")
            remember_before(state, request, state.health_before)
    if not all(_on_target(s, request) for s in states):
        for state in (active, standby):
            backup_unit(state, checklist)
    for state, address in ((active, request.planned_address), (standby, request.peer_address)):
        stage_on(state, request, checklist, progress, address)
    _boot_lines(active, standby, request, checklist)
    for _ in range(MAX_ROUNDS):
        for state in states:
            refresh(state)
        active, standby = _pair_of(states)
        if _on_target(active, request) and _on_target(standby, request):
            break
        if not _on_target(standby, request):
            _reload_standby(active, standby, request)
        else:
            _switchover(active, standby)
    else:
        raise DeviceRefusedError(f"the pair did not reach {request.target} in {MAX_ROUNDS} rounds")
    if request.restore_active and active.serial != original_active:
        _switchover(active, standby)
        for state in states:
            refresh(state)
        active, standby = _pair_of(states)
    _verify_pair(active, standby, request, checklist)
    _health_after(states)


def _boot_lines(
    active: UnitState, standby: UnitState, request: UpgradeRequest, checklist: Checklist
) -> None:
    """New first, old as fallback, on the active; write memory; read back on the standby."""
    session = active.session
    old = active.image_before if active.image_before != request.target else None
    plan = plan_boot(
        parse_boot_lines(session.asa.run("show running-config boot")),
        parse_dir(session.asa.run("dir disk0:")),
        request.target,
        old or active.running,
        active.version.confreg_next or active.version.confreg,
    )
    apply_boot_plan(session, plan)
    check_signature(standby.session, request.target)
    lines = tuple(parse_boot_lines(standby.session.asa.run("show running-config boot")))
    if lines != plan.desired:
        mark(checklist, "boot-lines", Status.FAILED, f"standby reads {list(lines)}")
        raise DeviceRefusedError(
            f"the boot lines did not replicate to the standby: it reads {list(lines)}, the "
            f"active {list(plan.desired)}",
            "nothing was reloaded; check `show failover` (configuration sync) on both, or "
            "`write standby` on the active, then run again",
        )
    listing = parse_dir(standby.session.asa.run("dir disk0:"))
    missing = [line for line in lines if listing.get(line) is None]
    if missing:
        raise DeviceRefusedError(
            f"the standby lacks {', '.join(missing)} named in its boot lines",
            "nothing was reloaded; stage the image on the standby and run again",
        )
    mark(checklist, "boot-lines", Status.PASSED, " then ".join(plan.desired) + " (both units)")
    mark(checklist, "write-memory", Status.PASSED, "on the active, replicated")


def _reload_standby(active: UnitState, standby: UnitState, request: UpgradeRequest) -> None:
    """`failover reload-standby` on the active; the standby back on the target, Standby Ready."""
    active.session.require_consent(
        f"Reload the standby unit ({standby.serial}) with `failover reload-standby`? The "
        "active keeps passing traffic.",
        Change.RELOAD,
    )
    with active.session.runner.step("failover-reload-standby", standby=standby.serial):
        active.session.asa.run("failover reload-standby")
    timeouts = standby.session.timeouts
    with standby.session.runner.step("standby-boot", target=request.target) as step:
        standby.session.driver.reach(
            Goal.ENABLE,
            Deadline.after(timeouts.reach_rommon + timeouts.boot),
            expect_reboot=True,
            reload_confirmed=True,
            first_wait=timeouts.command,
        )
        standby.session.asa.run("terminal pager 0")
        refresh(standby)
        step.details["booted"] = standby.running
    if not _on_target(standby, request):
        raise DeviceRefusedError(
            f"the standby booted {standby.running}, not {request.target}",
            "it runs its fallback image and the active was not touched; check the image with "
            f"`verify {request.target}` on the standby",
        )
    version = request.version
    _wait_for(
        active,
        lambda f: (
            f.other_host is not None and f.other_host.standby_ready and f.mate_version == version
        ),
        f"the standby to rejoin as Standby Ready on {version}",
    )


def _switchover(active: UnitState, standby: UnitState) -> None:
    """`no failover active` on the active; the other unit must report itself Active."""
    active.session.require_consent(
        f"Switch the active role from {active.serial} to {standby.serial} "
        "(`no failover active`)? Stateful failover carries the connections.",
        Change.FAILOVER,
    )
    with active.session.runner.step("switchover", to=standby.serial):
        active.session.asa.run("no failover active")
    _wait_for(standby, lambda f: f.role == "active", "the standby to take the active role")
    _wait_for(
        active,
        lambda f: f.role == "standby" and f.this_host is not None and f.this_host.standby_ready,
        "the old active to become Standby Ready",
    )


def _wait_for(state: UnitState, ready: Callable[[FailoverStatus], bool], what: str) -> None:
    """Read `show failover` on `state` until `ready`, within the boot deadline."""
    session = state.session
    limit = session.timeouts.boot
    deadline = Deadline.after(limit)
    with session.runner.step("wait-failover", waiting_for=what) as step:
        while True:
            refresh(state)
            if state.failover is not None and ready(state.failover):
                step.details["state"] = state.failover.to_json()
                return
            if deadline.expired():
                seen = state.failover.to_json() if state.failover else "no show failover"
                raise DeviceTimeoutError(
                    f"waited {limit:.0f} s for {what}; it did not happen",
                    f"{state.label} last said {seen}",
                )
            try:
                with console_errors():
                    session.channel.expect([_PAIR_NOTICE], deadline.capped(POLL))
            except ExpectTimeoutError:
                pass  # no notice: read `show failover` again


def _verify_pair(
    active: UnitState, standby: UnitState, request: UpgradeRequest, checklist: Checklist
) -> None:
    failover = active.failover
    if failover is None or not failover.pair_healthy:
        raise DeviceRefusedError(
            "the pair is not one Active and one Standby Ready on the same version",
            f"the active says {failover.to_json() if failover else 'nothing'}",
        )
    detail = f"both run {request.target}; {active.serial} Active, {standby.serial} Standby Ready"
    mark(checklist, "reload-and-verify", Status.PASSED, detail)


def _health_after(states: list[UnitState]) -> None:
    """Snapshot both; diff by role (the active's before with the active's after)."""
    before_by_role: dict[str, HealthSnapshot] = {}
    for state in states:
        if state.health_before is not None:
            before_by_role[state.role_at_start] = state.health_before
    for state in states:
        state.health_after = take_snapshot(state.session, "after")
        before = before_by_role.get(state.role)
        if before is not None:
            state.warnings = diff_health(before, state.health_after)
        for warning in state.warnings:
            state.session.feedback.warn(f"{state.label} after the upgrade: {warning.render()}")
