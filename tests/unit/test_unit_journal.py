"""The unit journal: provisional per port until the serial is read, then the unit's (the rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rommon_toolkit.rommon.records.journal import (
    STATE_DIR_ENV,
    Journal,
    UnitJournal,
    state_folder,
)

PORT = "socket://console-server:7003"


def test_records_before_the_serial_are_provisional_then_moved_to_the_unit(tmp_path: Path) -> None:
    journal = UnitJournal(tmp_path, PORT, run_id="run-1")
    journal.write("reach-rommon", "begin")
    provisional = journal.path
    assert provisional.name.startswith("port-socket-console-server-7003-")
    assert journal.unit_records() == []  # nothing vouches for a file while the unit is unknown
    assert journal.bind_unit("JAD222605K8", source="show version", chassis_serial="JMX1")
    journal.write("copy-image", "begin", target="disk0:/x.SPA", existed_before=False)
    journal.close()
    assert journal.path == tmp_path / "journals" / "unit-JAD222605K8.jsonl"
    records = Journal.read(journal.path)
    assert [(r["step"], r.get("provisional")) for r in records] == [
        ("identify-unit", None),
        ("reach-rommon", True),
        ("copy-image", None),
    ]
    assert records[0]["chassis_serial"] == "JMX1"
    assert records[0]["port"] == PORT
    assert all(r["run"] == "run-1" for r in records)
    assert not provisional.exists()  # emptied, so deleted


def test_other_runs_provisional_records_stay_unattributed(tmp_path: Path) -> None:
    earlier = UnitJournal(tmp_path, PORT, run_id="earlier")
    earlier.write("copy-image", "begin", target="disk0:/x.SPA", existed_before=False)
    earlier.close()  # that run never read a serial
    journal = UnitJournal(tmp_path, PORT, run_id="now")
    journal.write("reach-rommon", "begin")
    journal.bind_unit("JADBBBB0002")
    journal.close()
    assert [r["run"] for r in Journal.read(earlier.path)] == ["earlier"]
    assert [r["run"] for r in Journal.read(journal.path)] == ["now", "now"]
    assert all(r["step"] != "copy-image" for r in journal.unit_records())


def test_a_unit_journal_is_shared_across_runs_and_ports_of_that_unit(tmp_path: Path) -> None:
    for run, port in (("one", PORT), ("two", "/dev/ttyACM0")):
        journal = UnitJournal(tmp_path, port, run_id=run)
        journal.bind_unit("JAD222605K8")
        journal.write("stage", "begin")
        journal.close()
    assert [r["run"] for r in journal.unit_records() if r["step"] == "stage"] == ["one", "two"]


def test_rebinding_to_another_serial_is_refused(tmp_path: Path) -> None:
    journal = UnitJournal(tmp_path, PORT, run_id="r")
    journal.bind_unit("JADAAAA0001")
    assert journal.bind_unit("JADAAAA0001") is False
    with pytest.raises(ValueError, match="cannot be re-bound"):
        journal.bind_unit("JADBBBB0002")
    journal.close()


def test_state_folder_option_then_environment_then_user_state_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STATE_DIR_ENV, str(tmp_path / "env"))
    assert state_folder(tmp_path / "given") == tmp_path / "given"
    assert state_folder() == tmp_path / "env"
    monkeypatch.delenv(STATE_DIR_ENV)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert state_folder() == tmp_path / "xdg" / "rommon-toolkit"
