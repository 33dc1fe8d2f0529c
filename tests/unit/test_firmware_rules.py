"""Firmware upgrade refusals: downgrade, same version, below the in-place minimum."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.decisions.firmware_rules import check_upgrade, target_version
from rommon_toolkit.rommon.decisions.platforms import platform_for
from rommon_toolkit.rommon.errors import PreflightError

ASA5506 = platform_for("asa5506")


def test_upgrade_from_older_is_allowed() -> None:
    check_upgrade((1, 1, 14), target_version("asa5500-firmware-1118.SPA"), ASA5506)


@pytest.mark.parametrize(
    ("current", "file", "message"),
    [
        ((1, 1, 18), "asa5500-firmware-1118.SPA", "already 1.1.18"),
        ((1, 1, 18), "asa5500-firmware-1114.SPA", "cannot be downgraded"),
        ((1, 1, 5), "asa5500-firmware-1118.SPA", "below 1.1.8"),
    ],
)
def test_refusals(current: tuple[int, int, int], file: str, message: str) -> None:
    with pytest.raises(PreflightError) as caught:
        check_upgrade(current, target_version(file), ASA5506)
    assert message in caught.value.render()


def test_non_firmware_name_is_refused() -> None:
    with pytest.raises(PreflightError, match="not a ROMMON firmware file name"):
        target_version("asa9-16-4-85-lfbff-k8.SPA")
