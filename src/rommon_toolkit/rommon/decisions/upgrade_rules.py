"""The planned upgrade's rules, as data: the release path and the pre-upgrade checklist.

Release path (seed 000, "Upgrading a Failover Pair (Hitless)"): "The 9.x to 9.x point-version
upgrades are almost always safe; cross-major (8.x to 9.x or 9.x to 10.x) often require both
units off-active for the cutover." So a release within the same major train is hitless; a
jump across majors is refused for a pair (allowed, with the warning, on a single unit, which
has no cutover). Cisco's own exceptions [D, ASA 9.2 general configuration guide, "Upgrade the
Software"]: "Due to CSCug88962, you cannot perform a Zero Downtime Upgrade to 8.4(6), 9.0(2),
or 9.1(3)." No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from rommon_toolkit.rommon.decisions.release_support import Release, format_release
from rommon_toolkit.rommon.errors import PreflightError

SEED_CROSS_MAJOR = (
    "Cisco's TAC notes that some major-version jumps are not hitless-failover-safe: the "
    "version skew during the rolling upgrade is not always clean. 9.x to 9.x point-version "
    "upgrades are almost always safe; cross-major (8.x to 9.x or 9.x to 10.x) often require "
    "both units off-active for the cutover (seed: Cisco ASA Upgrade and Backup Procedure). "
    "Read the target's release notes, section Upgrade Path"
)
NO_ZERO_DOWNTIME: frozenset[tuple[int, int, int]] = frozenset({(8, 4, 6), (9, 0, 2), (9, 1, 3)})


class PathKind(Enum):
    SAME = "same release"
    POINT = "point release within the major train"
    CROSS_MAJOR = "cross-major jump"
    DOWNGRADE = "downgrade"


@dataclass(frozen=True)
class ReleasePath:
    """From the running release to the target, and whether a pair can take it hitless."""

    current: Release
    target: Release
    kind: PathKind
    hitless: bool
    notes: tuple[str, ...]

    def describe(self) -> str:
        return (
            f"{format_release(self.current)} -> {format_release(self.target)}: "
            f"{self.kind.value}" + (" (hitless for a pair)" if self.hitless else "")
        )


def release_path(current: Release, target: Release) -> ReleasePath:
    """Classify the step from `current` to `target`."""
    notes: list[str] = []
    if target == current:
        kind = PathKind.SAME
    elif target[0] != current[0]:
        kind = PathKind.CROSS_MAJOR
        notes.append(SEED_CROSS_MAJOR)
    elif target < current:
        kind = PathKind.DOWNGRADE
        notes.append(
            "a downgrade: the configuration saved by the newer release may hold commands the "
            "older one rejects; keep the backup at hand"
        )
    else:
        kind = PathKind.POINT
    hitless = kind in (PathKind.POINT, PathKind.SAME)
    if target[:3] in NO_ZERO_DOWNTIME:
        hitless = False
        notes.append(
            f"Cisco: due to CSCug88962 there is no zero-downtime upgrade to "
            f"{format_release(target)}"
        )
    return ReleasePath(current, target, kind, hitless, tuple(notes))


def check_path_for_pair(path: ReleasePath) -> None:
    """Refuse a path a failover pair cannot take hitless, with the seed's explanation."""
    if path.kind is PathKind.CROSS_MAJOR or not path.hitless:
        raise PreflightError(
            f"refused for a failover pair: {path.describe()}",
            " ".join(path.notes)
            + "; upgrade each unit on its own in a maintenance window (failover off), or "
            "step through a release of the same major train",
        )


class Status(Enum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    OPERATOR = "operator"  # the engineer's to do; the toolkit cannot check it


@dataclass(frozen=True)
class ChecklistItem:
    """One point of the seed's pre-upgrade checklist (`seed` = its number there, 0: added)."""

    key: str
    seed: int
    text: str
    operator: bool = False  # only the engineer can do it


# The seed's ten points ("Pre-Upgrade Checklist"), split where the toolkit checks each part.
CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "release-notes", 1, "read the release notes (Upgrade Path, Open Caveats)", operator=True
    ),
    ChecklistItem("release-path", 1, "release path: point release hitless, cross-major refused"),
    ChecklistItem("model-supports-release", 1, "the model runs the target release"),
    ChecklistItem("disk0-space", 2, "disk0 free space for the image on each unit"),
    ChecklistItem("backup", 3, "backup: configs, show version, dir, boot lines, certificates"),
    ChecklistItem("secrets-vault", 3, "PSKs and AAA secrets in the vault", operator=True),
    ChecklistItem("staged", 4, "image staged on each unit (images do not replicate)"),
    ChecklistItem("image-verified", 5, "image SHA-512 and signature verified on each unit"),
    ChecklistItem("boot-lines", 6, "boot system: the new image first, the old as fallback"),
    ChecklistItem("write-memory", 7, "write memory"),
    ChecklistItem("maintenance-window", 8, "users notified of the window", operator=True),
    ChecklistItem("console-access", 9, "console access ready (this run is on the console)"),
    ChecklistItem("reload-and-verify", 10, "reload (a pair: standby first), then verify"),
)


def new_checklist() -> dict[str, dict[str, object]]:
    """The checklist for a report: every point pending (the engineer's marked `operator`)."""
    return {
        item.key: {
            "seed_point": item.seed,
            "text": item.text,
            "status": (Status.OPERATOR if item.operator else Status.PENDING).value,
            "detail": "",
        }
        for item in CHECKLIST
    }


def mark(
    checklist: dict[str, dict[str, object]], key: str, status: Status, detail: str = ""
) -> None:
    """Set one point's status; details of several units are joined."""
    entry = checklist[key]
    entry["status"] = status.value
    if detail:
        previous = str(entry.get("detail") or "")
        entry["detail"] = f"{previous}; {detail}" if previous else detail
