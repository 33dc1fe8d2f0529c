"""Steps are journalled before they act; the report records outcome classes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rommon_toolkit.rommon.errors import DeviceRefusedError, PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.records.journal import Journal
from rommon_toolkit.rommon.records.report import RunReport, StepRunner


def test_begin_is_on_disk_before_the_step_body_runs(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    with Journal(path) as journal:
        _run_one_step(StepRunner(journal, RunReport("recover")), path)
    records = Journal.read(path)
    assert [r["phase"] for r in records] == ["begin", "end"]
    assert records[-1]["outcome"] == "ok"


def _run_one_step(runner: StepRunner, path: Path) -> None:
    with runner.step("tftpdnld", image="asa.SPA"):
        on_disk = Journal.read(path)
        assert on_disk[-1]["step"] == "tftpdnld"
        assert on_disk[-1]["phase"] == "begin"
        assert on_disk[-1]["image"] == "asa.SPA"


def test_failed_step_is_recorded_and_the_error_propagates(tmp_path: Path) -> None:
    report = RunReport("recover")
    with Journal(tmp_path / "j.jsonl") as journal:
        runner = StepRunner(journal, report)
        with pytest.raises(DeviceRefusedError), runner.step("sync"):
            raise DeviceRefusedError("unexpected prompt", advice="look at the transcript")
    assert report.steps[0].outcome == "failed"
    assert "unexpected prompt" in report.steps[0].details["error"]
    assert Journal.read(tmp_path / "j.jsonl")[-1]["outcome"] == "failed"


def test_torn_last_line_from_a_crash_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    journal = Journal(path)
    journal.write("copy", "begin")
    journal.close()
    with path.open("a") as stream:
        stream.write('{"step": "verify", "pha')
    assert [r["step"] for r in Journal.read(path)] == ["copy"]


@pytest.mark.parametrize(
    ("error", "outcome", "code"),
    [
        (None, "success", ExitCode.SUCCESS),
        (PreflightError("bad hash"), "PreflightError", ExitCode.PREFLIGHT_REFUSED),
        (KeyboardInterrupt(), "operator-abort", ExitCode.OPERATOR_ABORT),
        (ValueError("bug"), "internal-error", ExitCode.INTERNAL_ERROR),
    ],
)
def test_report_outcome_classes(
    tmp_path: Path, error: BaseException | None, outcome: str, code: ExitCode
) -> None:
    report = RunReport("recover")
    report.finish(error)
    report.write(tmp_path / "report.json")
    written = json.loads((tmp_path / "report.json").read_text())
    assert (written["outcome"], written["exit_code"]) == (outcome, int(code))


def test_the_report_says_what_it_is(tmp_path: Path) -> None:
    import json

    from rommon_toolkit.rommon.records.report import REPORT_VERSION, RunReport

    report = RunReport("recover")
    report.finish(None)
    report.write(tmp_path / "r.json")
    written = json.loads((tmp_path / "r.json").read_text())
    assert (written["format"], written["version"]) == ("rommon-report", REPORT_VERSION)
    assert list(written)[:3] == ["command", "format", "version"]


def test_each_step_is_announced_and_marked_when_it_starts_and_ends(tmp_path: Path) -> None:
    said: list[str] = []
    marked: list[str] = []
    with Journal(tmp_path / "j.jsonl") as journal:
        runner = StepRunner(journal, RunReport("recover"), announce=said.append, mark=marked.append)
        with runner.step("set-variables"):
            pass
        with pytest.raises(RuntimeError), runner.step("tftpdnld"):
            raise RuntimeError("link down")
    assert said[0] == "[1] set-variables ..."
    assert said[1].startswith("[1] set-variables: ok (")
    assert said[2] == "[2] tftpdnld ..."
    assert said[3].startswith("[2] tftpdnld: failed (")
    assert marked == said
