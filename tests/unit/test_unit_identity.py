"""identify_unit: binds the run's journal to the serial; another unit on the line stops the run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest

from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError
from rommon_toolkit.rommon.feedback import RecordingFeedback
from rommon_toolkit.rommon.records.journal import UnitJournal
from rommon_toolkit.rommon.workflows.unit_identity import check_image_for_unit, identify_unit

VERSION_A = "Hardware:   ASA5508, 8192 MB RAM\n\nSerial Number: JADAAAA0001\n"
VERSION_B = "Hardware:   ASA5508, 8192 MB RAM\n\nSerial Number: JADBBBB0002\n"
INVENTORY = (
    'Name: "Chassis", DESCR: "ASA 5508-X"\nPID: ASA5508           , VID: V01     , SN: JMX19A\n'
)


@dataclass
class _Outputs:
    """Reference texts for the two commands identify_unit sends; records what was sent."""

    version: str
    sent: list[str] = field(default_factory=list)

    def run(self, command: str, **_: Any) -> str:
        self.sent.append(command)
        return {"show version": self.version, "show inventory": INVENTORY}[command]


@dataclass
class _Runner:
    journal: UnitJournal


@dataclass
class _Session:
    asa: _Outputs
    runner: _Runner
    feedback: RecordingFeedback = field(default_factory=RecordingFeedback)


Make = Callable[[str], _Session]


@pytest.fixture
def make(tmp_path: Path) -> Iterator[Make]:
    """A fake session on a real UnitJournal (closed at teardown)."""
    journals: list[UnitJournal] = []

    def session(version: str) -> _Session:
        journals.append(UnitJournal(tmp_path, "socket://cs:7001", run_id="r"))
        return _Session(_Outputs(version), _Runner(journals[-1]))

    yield session
    for journal in journals:
        journal.close()


def test_the_journal_is_bound_once_and_both_serials_recorded(make: Make) -> None:
    fake = make(VERSION_A)
    serial = identify_unit(cast(UnitSession, fake))
    assert serial is not None
    assert (serial.key, serial.chassis_serial) == ("JADAAAA0001", "JMX19A")
    assert fake.runner.journal.path.name == "unit-JADAAAA0001.jsonl"
    identify_unit(cast(UnitSession, fake))  # same unit again: only show version is re-read
    assert fake.asa.sent == ["show version", "show inventory", "show version"]


def test_another_unit_on_the_line_mid_run_stops_the_run(make: Make) -> None:
    fake = make(VERSION_A)
    identify_unit(cast(UnitSession, fake))
    fake.asa.version = VERSION_B  # the console server port now reaches another unit
    with pytest.raises(DeviceRefusedError, match="another unit is on this console line"):
        identify_unit(cast(UnitSession, fake))
    assert fake.runner.journal.serial == "JADAAAA0001"


def test_no_serial_keeps_the_journal_provisional_and_says_so(make: Make) -> None:
    fake = make("Hardware:   ASA5508, 8192 MB RAM\n")
    fake.asa.run = lambda command, **_: "" if command == "show inventory" else fake.asa.version  # type: ignore[method-assign]
    assert identify_unit(cast(UnitSession, fake)) is None
    assert fake.runner.journal.serial is None
    assert fake.runner.journal.path.name.startswith("port-")
    assert "no file on disk0 is taken as written by this toolkit" in fake.feedback.warnings[0]


def test_the_model_in_show_version_is_checked_against_the_image() -> None:
    with pytest.raises(DeviceRefusedError, match=r"ASA5508 runs ASA 9\.3\(3\) to 9\.16\(x\)"):
        check_image_for_unit(VERSION_A, "asa932-lfbff-k8.SPA")
    check_image_for_unit(VERSION_A, "asa9-16-4-85-lfbff-k8.SPA")
    check_image_for_unit(VERSION_A, "asa5500-firmware-1118.SPA")  # firmware: its own rules
