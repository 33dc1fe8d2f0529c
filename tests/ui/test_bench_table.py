"""The bench table says what is true now: no stale percentage for a finished unit."""

from __future__ import annotations

from rommon_toolkit.rommon.ui.bench_table import format_table, progress_text
from rommon_toolkit.rommon.workflows.bench import UnitStatus


def test_a_running_transfer_shows_its_share() -> None:
    status = UnitStatus("r1", "sim://a", "recover", state="running", done=91, total=100)
    assert progress_text(status).startswith(" 91%")


def test_a_finished_unit_shows_no_stale_percentage() -> None:
    for state in ("done", "failed", "aborted", "queued"):
        status = UnitStatus("r1", "sim://a", "recover", state=state, done=91, total=100)
        assert progress_text(status) == ""
        assert "91%" not in "\n".join(format_table([status]))
