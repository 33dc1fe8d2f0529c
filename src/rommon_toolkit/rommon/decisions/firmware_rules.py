"""ROMMON firmware upgrade rules (seed 001: >= 1.1.8 to upgrade in place; never downgrade)."""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.images import firmware_version_from_name
from rommon_toolkit.rommon.decisions.platforms import Platform
from rommon_toolkit.rommon.errors import PreflightError

Version = tuple[int, int, int]

NORMAL_UPGRADE_MINUTES = 15  # seed 001: 1.1.15 and later take about 15 minutes
CALL_SUPPORT_MINUTES = 30  # seed 001: not complete within 30 minutes -> contact Cisco TAC


def show(version: tuple[int, ...]) -> str:
    return ".".join(str(n) for n in version)


def target_version(file_name: str) -> Version:
    version = firmware_version_from_name(file_name)
    if version is None:
        raise PreflightError(
            f"{file_name} is not a ROMMON firmware file name",
            advice="ASA 5506-X/5508-X/5516-X ROMMON firmware is named asa5500-firmware-<NNNN>.SPA "
            "(asa5500-firmware-1118.SPA is 1.1.18); keep Cisco's file name",
        )
    return version


def check_upgrade(current: tuple[int, ...], target: Version, platform: Platform) -> None:
    """Refuse a downgrade, the same version, or an upgrade from below the in-place minimum."""
    if len(current) != 3:
        raise PreflightError(f"cannot read the current ROMMON version ({show(current)!r})")
    if current < platform.min_rommon_for_upgrade:
        raise PreflightError(
            f"ROMMON {show(current)} is below {show(platform.min_rommon_for_upgrade)}, the "
            f"minimum for an in-place `upgrade rommon` on the {platform.model}",
            advice="Cisco requires 1.1.8 or later for this procedure; open a case with Cisco "
            "TAC for the supported path from this version",
        )
    if target == current:
        raise PreflightError(
            f"ROMMON is already {show(current)}: nothing to upgrade",
        )
    if target < current:
        raise PreflightError(
            f"{show(target)} is older than the running ROMMON {show(current)}",
            advice="ROMMON cannot be downgraded; choose a newer firmware file or none",
        )
