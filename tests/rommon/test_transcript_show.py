"""`rommon transcript show`: the terminal as it looked, with times and step headers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rommon_toolkit.console.transcript import FORMAT, VERSION
from rommon_toolkit.rommon.cli.main import main


def _write(path: Path, records: list[dict[str, object]]) -> None:
    header = {"format": FORMAT, "version": VERSION, "started": "2026-12-03T02:00:00", "port": "X"}
    path.write_text("".join(json.dumps(r) + "\n" for r in [header, *records]))


def test_lines_are_joined_across_chunks_and_steps_are_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.jsonl"
    _write(
        path,
        [
            {"t": 0.5, "dir": "rx", "data": "Rom image ver"},
            {"t": 0.6, "dir": "rx", "data": "ified correctly\r\nrommon 1 > "},
            {"t": 1.0, "dir": "event", "data": "step", "detail": "[1] set-variables ..."},
            {"t": 1.1, "dir": "tx", "data": "ADDRESS=10.0.0.2\r"},
            {"t": 1.2, "dir": "rx", "data": "ADDRESS=10.0.0.2\r\n\x1b[0mrommon 2 > "},
        ],
    )
    assert main(["transcript", "show", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "[+    0.500] Rom image verified correctly"
    assert lines[2] == "[+    0.600] rommon 1 >"
    assert lines[3] == "[+    1.000] --- step: [1] set-variables ... ---"
    assert lines[4] == "[+    1.200] ADDRESS=10.0.0.2"
    assert lines[5] == "[+    1.200] rommon 2 >"


def test_raw_is_the_bytes_as_received(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "t.jsonl"
    _write(
        path,
        [{"t": 0.1, "dir": "rx", "data": "a\r\n\x1b[0mb"}, {"t": 0.2, "dir": "tx", "data": "x"}],
    )
    assert main(["transcript", "show", str(path), "--raw"]) == 0
    assert capfdbinary.readouterr().out == b"a\r\n\x1b[0mb"


def test_not_a_transcript_is_exit_3(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"hello": 1}\n')
    assert main(["transcript", "show", str(path)]) == 3


def test_a_reader_that_goes_away_is_no_internal_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "big.jsonl"
    rows: list[dict[str, object]] = [
        {"t": n / 1000, "dir": "rx", "data": f"line {n}\r\n"} for n in range(200_000)
    ]
    _write(path, rows)
    proc = subprocess.Popen(
        [sys.executable, "-m", "rommon_toolkit", "transcript", "show", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert b"internal error" not in err
