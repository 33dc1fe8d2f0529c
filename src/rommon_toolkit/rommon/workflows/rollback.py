"""`rommon rollback`: the seed's two scenarios, back to the image the unit ran before.

1. The unit booted the new image: boot lines old-first (the new one stays as the fallback),
   write memory, reload, verify it runs the old image.
2. The unit did not come back (it is at the ROMMON prompt): `boot disk0:/OLD` there, then fix
   the boot lines the same way and write memory (no second reload: it already runs OLD).

OLD is `--image`, else what the unit's journal recorded in the last upgrade (`upgrade-begin`
`image_before`). At the ROMMON prompt the unit's serial cannot be read, so the journals of
units last seen on this console port are searched. OLD must be on disk0: the unit is never
pointed at a file it does not hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.decisions.bootvar import disk0_path, plan_boot
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.decisions.machine import LandedInRommonError
from rommon_toolkit.rommon.decisions.parsers import parse_boot_lines, parse_dir, parse_show_version
from rommon_toolkit.rommon.device.session import Timeouts, UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError, OperatorAbortError, PreflightError
from rommon_toolkit.rommon.feedback import Feedback
from rommon_toolkit.rommon.records.journal import JOURNALS, Journal, state_folder
from rommon_toolkit.rommon.workflows.boot_repair import apply_boot_plan, reload_and_verify
from rommon_toolkit.rommon.workflows.runs import RunOptions, unit_run
from rommon_toolkit.rommon.workflows.unit_identity import identify_unit
from rommon_toolkit.rommon.workflows.upgrade_unit import UPGRADE_BEGIN, prior_upgrade


def old_image_for_port(state_dir: Path | None, port: str) -> str | None:
    """The `image_before` of the newest upgrade of any unit last identified on `port`."""
    folder = state_folder(state_dir) / JOURNALS
    best: tuple[str, str] | None = None
    for path in sorted(folder.glob("unit-*.jsonl")):
        records = Journal.read(path)
        ports = [r.get("port") for r in records if r.get("step") == "identify-unit"]
        if not ports or ports[-1] != port:
            continue
        for record in records:
            if record.get("step") == UPGRADE_BEGIN and record.get("phase") == "begin":
                stamp, image = str(record.get("t", "")), record.get("image_before")
                if image and (best is None or stamp > best[0]):
                    best = (stamp, str(image))
    return best[1] if best else None


def _no_old_image() -> PreflightError:
    return PreflightError(
        "no image to roll back to: no upgrade of this unit is in the journal",
        "name it with --image disk0:/asa...SPA (`dir disk0:` shows what the unit holds)",
    )


def run_rollback(
    options: RunOptions,
    feedback: Feedback,
    *,
    image: str | None,
    dry_run: bool,
    timeouts: Timeouts | None = None,
) -> str:
    """The rollback run; one line saying what the unit runs at the end."""
    needs = () if dry_run else (Change.WRITE_MEMORY,)
    with unit_run(options, "rollback", feedback, timeouts=timeouts, needs=needs) as run:
        return _rollback(run.session, options, image, dry_run, run.report.final_state)


def _rollback(
    session: UnitSession,
    options: RunOptions,
    image: str | None,
    dry_run: bool,
    final: dict[str, Any],
) -> str:
    try:
        session.reach_enable()
        scenario = "booted"
    except LandedInRommonError:
        scenario = "rommon"
    final["scenario"] = scenario
    old = ""
    if scenario == "rommon":
        port = options.line.port
        found = disk0_path(image) if image else old_image_for_port(options.state_dir, port)
        if found is None:
            raise _no_old_image() from None
        old = found
        final["old_image"] = old
        if dry_run:
            return f"rollback plan: at the ROMMON prompt: boot {old}, then boot lines {old} first"
        with session.runner.step("boot-from-rommon", image=old):
            session.boot_from_rommon(old)
    version_text = session.asa.run("show version")
    identify_unit(session, version_text)
    running = parse_show_version(version_text).system_image or ""
    if scenario == "booted":
        prior = prior_upgrade(session, None)
        chosen = image or (prior or {}).get("image_before")
        if not chosen:
            raise _no_old_image()
        old = disk0_path(str(chosen))
        final["old_image"] = old
    listing = parse_dir(session.asa.run("dir disk0:"))
    if listing.get(old) is None:
        raise DeviceRefusedError(
            f"{old} is not on disk0: refusing to point the boot lines at a missing file",
            f"the unit keeps running {running}; copy the old image back first (`rommon stage`)",
        )
    lines = parse_boot_lines(session.asa.run("show running-config boot"))
    plan = plan_boot(lines, listing, old, running, None)
    final["boot_lines"] = list(plan.desired)
    if dry_run:
        steps = [*plan.commands, "write memory"]
        if running.lower() != old.lower():
            steps.append("reload, then verify it runs " + old)
        return "rollback plan: " + "; ".join(steps or ["nothing to change"])
    apply_boot_plan(session, plan)
    if running.lower() != old.lower():
        if not session.confirm(f"Reload now to boot {old}?", Change.RELOAD):
            raise OperatorAbortError(
                "the reload was not confirmed",
                f"the boot lines now put {old} first: it boots at the next reload",
            )
        outcome = reload_and_verify(session, plan)
        running = outcome.booted or ""
        if not outcome.on_target:
            raise DeviceRefusedError(
                f"after the reload the unit runs {running}, not {old}",
                "it still runs a bootable image; see `show bootvar` and the transcript",
            )
    final["running_image"] = running
    return f"rolled back: the unit runs {running}; boot lines {', '.join(plan.desired)}"
