"""Which software versions may form a pair."""

from __future__ import annotations

from rommon_toolkit.simulator.imagenames import AsaVersion


def compatible(ours: str, mate: str, *, skew_refused: bool = False) -> bool:
    """True when a unit on `mate` may join a unit on `ours` as its standby.

    [G] after seed 000 ("The 9.x to 9.x point-version upgrades are almost always safe;
    cross-major (8.x to 9.x or 9.x to 10.x) often require both units off-active"): the same
    major version joins (a warning when not identical [C]), another major does not. The fault
    `version-skew-refused` makes any difference refused.
    """
    if ours == mate:
        return True
    if skew_refused:
        return False
    try:
        return AsaVersion.parse(ours).major == AsaVersion.parse(mate).major
    except ValueError:
        return False
