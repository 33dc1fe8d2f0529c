"""Boot-line planning from each broken starting point; never a line to a missing file."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.decisions.bootvar import choose_target, plan_boot
from rommon_toolkit.rommon.decisions.parsers import DiskFile, DiskListing
from rommon_toolkit.rommon.errors import DeviceRefusedError, PreflightError

NEW = "disk0:/asa9-16-4-85-lfbff-k8.SPA"
OLD = "disk0:/asa984-22-lfbff-k8.SPA"


def _disk(*names: str) -> DiskListing:
    files = tuple(DiskFile(n.removeprefix("disk0:/"), 100, False) for n in names)
    return DiskListing((*files, DiskFile("log", 4096, True)), 8_000_000_000, 4_000_000_000)


def test_missing_file_first_is_replaced_with_target_and_fallback() -> None:
    plan = plan_boot(["disk0:/gone.SPA", OLD], _disk(NEW, OLD), NEW, running=OLD, confreg="0x1")
    assert plan.desired == (NEW, OLD)
    assert plan.missing == ("disk0:/gone.SPA",)
    assert plan.commands == (
        "no boot system disk0:/gone.SPA",
        f"no boot system {OLD}",
        f"boot system {NEW}",
        f"boot system {OLD}",
    )


def test_no_boot_lines_and_no_fallback() -> None:
    plan = plan_boot([], _disk(NEW), NEW, running="tftp://10.0.0.1/x.SPA", confreg="0x1")
    assert plan.desired == (NEW,)
    assert plan.commands == (f"boot system {NEW}",)
    assert any("single bootable image" in note for note in plan.notes)


def test_already_right_needs_nothing() -> None:
    plan = plan_boot([NEW, OLD], _disk(NEW, OLD), NEW, running=OLD, confreg="0x1")
    assert not plan.changes_needed


@pytest.mark.parametrize("confreg", ["0x41", "0x40"])
def test_recovery_confreg_is_restored(confreg: str) -> None:
    plan = plan_boot([NEW], _disk(NEW), NEW, running=NEW, confreg=confreg)
    assert plan.commands == ("config-register 0x1",)


def test_other_confreg_is_reported_not_changed() -> None:
    plan = plan_boot([NEW], _disk(NEW), NEW, running=NEW, confreg="0x2101")
    assert plan.commands == ()
    assert any("0x2101" in note for note in plan.notes)


def test_only_a_fallback_on_disk_keeps_it_after_the_target() -> None:
    plan = plan_boot([OLD], _disk(NEW, OLD), NEW, running=None, confreg=None)
    assert plan.desired == (NEW, OLD)


def test_target_missing_from_disk0_is_refused() -> None:
    with pytest.raises(DeviceRefusedError, match="not on disk0"):
        plan_boot([OLD], _disk(OLD), NEW, running=OLD, confreg="0x1")


def test_directory_is_not_a_target() -> None:
    with pytest.raises(DeviceRefusedError):
        plan_boot([], _disk(OLD), "disk0:/log", running=None, confreg=None)


def test_target_defaults_to_the_running_disk0_image() -> None:
    assert choose_target(None, OLD, _disk(OLD)) == OLD
    assert choose_target("asa9-16-4-85-lfbff-k8.SPA", None, _disk()) == NEW
    with pytest.raises(PreflightError) as caught:
        choose_target(None, "tftp://10.0.0.1/x.SPA", _disk(OLD))
    assert "--image disk0:/" in caught.value.render()
