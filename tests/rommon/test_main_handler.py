"""The top-level handler: a bug exits 70 with one line, a report and a saved traceback."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from rommon_toolkit.rommon.cli import main as cli_main
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode


def _parser_with(handler: cli_main.Handler) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rommon")
    sub = parser.add_subparsers(dest="command")
    boom = sub.add_parser("boom")
    boom.add_argument("--report", type=Path)
    boom.set_defaults(handler=handler)
    return parser


def _crash(_args: argparse.Namespace) -> int:
    raise AttributeError("'Namespace' object has no attribute 'run_dir'")


def _refuse(_args: argparse.Namespace) -> int:
    raise PreflightError("the image is for another model")


def test_a_bug_exits_70_with_a_report_and_a_bug_report_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_main, "build_parser", lambda: _parser_with(_crash))
    report = tmp_path / "r.json"
    code = cli_main.main(["boom", "--report", str(report)])
    err = capsys.readouterr().err
    assert code == ExitCode.INTERNAL_ERROR
    assert "Traceback" not in err
    assert "bug report" in err
    assert len(err.strip().splitlines()) == 1
    written = json.loads(report.read_text())
    assert written["exit_code"] == ExitCode.INTERNAL_ERROR
    assert written["outcome"] == "internal-error"
    trace = Path(err.split("traceback in ")[1].split(":")[0])
    assert "AttributeError" in trace.read_text()
    trace.unlink()


def test_a_refusal_before_the_line_opens_still_writes_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_main, "build_parser", lambda: _parser_with(_refuse))
    report = tmp_path / "r.json"
    report.write_text('{"stale": true}')
    import os

    os.utime(report, (0, 0))
    assert cli_main.main(["boom", "--report", str(report)]) == ExitCode.PREFLIGHT_REFUSED
    written = json.loads(report.read_text())
    assert written["exit_code"] == ExitCode.PREFLIGHT_REFUSED
    assert "another model" in written["error"]
