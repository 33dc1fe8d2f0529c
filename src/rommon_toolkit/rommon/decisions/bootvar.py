"""Decide the `boot system` lines and config register (pure: text in, commands out).

The desired list is the target image first, the previously running good image as fallback, and
no line pointing at a missing file. Changes are made in one configuration session (remove every
current line, add the desired ones in order) and only persist at `write memory`, so the saved
configuration never passes through a state without the target image.
"""

from __future__ import annotations

from dataclasses import dataclass

from rommon_toolkit.rommon.decisions.parsers import DiskListing, strip_disk0
from rommon_toolkit.rommon.errors import DeviceRefusedError, PreflightError

RECOVERY_CONFREGS = {"0x40", "0x41"}  # left by password recovery: the config is ignored
NORMAL_CONFREG = "0x1"


@dataclass(frozen=True)
class BootPlan:
    """Current and desired boot lines, and the configuration commands between them."""

    current: tuple[str, ...]
    desired: tuple[str, ...]
    missing: tuple[str, ...]  # current lines that point at files not on disk0
    confreg: str | None  # effective config register (the value at next reload)
    commands: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def changes_needed(self) -> bool:
        return bool(self.commands)


def disk0_path(name: str) -> str:
    return f"disk0:/{strip_disk0(name)}"


def choose_target(image: str | None, running: str | None, listing: DiskListing) -> str:
    """The image to boot: the one named, else the running one when it lives on disk0."""
    if image:
        return disk0_path(image)
    if running and running.lower().startswith("disk0:") and listing.get(running):
        return disk0_path(running)
    raise PreflightError(
        "no target image: the unit is not running an image from disk0",
        advice="name the image to boot with --image disk0:/asa<version>-lfbff-k8.SPA",
    )


def plan_boot(
    current_lines: list[str],
    listing: DiskListing,
    target: str,
    running: str | None,
    confreg: str | None,
) -> BootPlan:
    """What to change so the unit boots `target` on its own, with a fallback when there is one."""
    target = disk0_path(target)
    target_file = listing.get(target)
    if target_file is None or target_file.is_dir:
        raise DeviceRefusedError(
            f"{target} is not on disk0: refusing to point the boot variable at a missing file",
            advice="stage the image first (`rommon stage`), then repair the boot variable",
        )
    current = tuple(
        disk0_path(line) if line.lower().startswith("disk0:") else line for line in current_lines
    )
    missing = tuple(line for line in current if not _present(line, listing))
    fallback = _fallback(target, running, current, listing)
    desired = (target, fallback) if fallback else (target,)
    commands: list[str] = []
    notes: list[str] = []
    if current != desired:
        commands += [f"no boot system {line}" for line in current]
        commands += [f"boot system {line}" for line in desired]
    if missing:
        notes.append("removing boot lines that point at missing files: " + ", ".join(missing))
    if fallback is None:
        notes.append("no fallback image on disk0: the unit has a single bootable image")
    if confreg in RECOVERY_CONFREGS:
        commands.append(f"config-register {NORMAL_CONFREG}")
        notes.append(
            f"config register is {confreg} (left by password recovery: the startup "
            f"configuration would be ignored); restoring {NORMAL_CONFREG}"
        )
    elif confreg not in (None, NORMAL_CONFREG):
        notes.append(f"config register is {confreg}, not {NORMAL_CONFREG}: left as it is")
    return BootPlan(current, desired, missing, confreg, tuple(commands), tuple(notes))


def _present(line: str, listing: DiskListing) -> bool:
    if not line.lower().startswith("disk0:"):
        return False
    found = listing.get(line)
    return found is not None and not found.is_dir


def _fallback(
    target: str, running: str | None, current: tuple[str, ...], listing: DiskListing
) -> str | None:
    candidates = []
    if running and running.lower().startswith("disk0:"):
        candidates.append(disk0_path(running))
    candidates += list(current)
    for candidate in candidates:
        if candidate != target and _present(candidate, listing):
            return candidate
    return None
