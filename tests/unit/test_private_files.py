"""Files the toolkit writes are 0600 in 0700 folders, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from rommon_toolkit.console.private_files import (
    open_private,
    private_folder,
    write_private_bytes,
    write_private_text,
)
from rommon_toolkit.console.transcript import TranscriptWriter
from rommon_toolkit.rommon.records.journal import Journal
from rommon_toolkit.rommon.records.report import RunReport
from rommon_toolkit.rommon.workflows import runs


@pytest.fixture(params=[0o022, 0o000, 0o077], ids=["umask022", "umask000", "umask077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_open_private_makes_the_file_0600_and_missing_parents_0700(
    tmp_path: Path, umask: int
) -> None:
    path = tmp_path / "a" / "b" / "f.txt"
    with open_private(path) as stream:
        stream.write("secret")
    assert _mode(path) == 0o600
    assert _mode(tmp_path / "a") == 0o700
    assert _mode(tmp_path / "a" / "b") == 0o700
    assert path.read_text() == "secret"


def test_an_existing_parent_is_left_alone_and_an_existing_file_is_narrowed(
    tmp_path: Path, umask: int
) -> None:
    os.chmod(tmp_path, 0o755)
    path = tmp_path / "old.txt"
    path.write_text("before")
    os.chmod(path, 0o666)
    with open_private(path, "a") as stream:
        stream.write(" after")
    assert path.read_text() == "before after"
    assert _mode(path) == 0o600
    assert _mode(tmp_path) == 0o755  # not ours


def test_atomic_text_and_exclusive_bytes(tmp_path: Path, umask: int) -> None:
    write_private_text(tmp_path / "r.json", "{}\n")
    write_private_text(tmp_path / "r.json", "{ }\n")
    assert (tmp_path / "r.json").read_text() == "{ }\n"
    assert _mode(tmp_path / "r.json") == 0o600
    assert not (tmp_path / "r.json.tmp").exists()
    write_private_bytes(tmp_path / "b.bin", b"x", exclusive=True)
    assert _mode(tmp_path / "b.bin") == 0o600
    with pytest.raises(FileExistsError):
        write_private_bytes(tmp_path / "b.bin", b"y", exclusive=True)


def test_private_folder_claims_a_fresh_folder_or_refuses(tmp_path: Path, umask: int) -> None:
    private_folder(tmp_path / "run", exist_ok=False)
    assert _mode(tmp_path / "run") == 0o700
    with pytest.raises(FileExistsError):
        private_folder(tmp_path / "run", exist_ok=False)
    (tmp_path / "file").write_text("")
    with pytest.raises(NotADirectoryError):
        private_folder(tmp_path / "file")


def test_transcript_journal_report_and_run_folder_are_private(
    tmp_path: Path, umask: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = TranscriptWriter(tmp_path / "t" / "s.transcript.jsonl", "loop://")
    transcript.close()
    journal = Journal(tmp_path / "j" / "journal.jsonl")
    journal.write("step", "begin")
    journal.close()
    report = RunReport(command="backup")
    report.write(tmp_path / "r" / "report.json")
    monkeypatch.chdir(tmp_path)
    folder = runs.new_run_folder("backup", None)
    given = runs.new_run_folder("backup", tmp_path / "given" / "here")
    for path in (
        tmp_path / "t" / "s.transcript.jsonl",
        tmp_path / "j" / "journal.jsonl",
        tmp_path / "r" / "report.json",
    ):
        assert _mode(path) == 0o600, path
        assert _mode(path.parent) == 0o700, path.parent
    for path in (folder, folder.parent, given, given.parent):
        assert _mode(path) == 0o700, path
