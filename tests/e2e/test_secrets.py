"""Secrets on disk after real runs against the virtual ASA: the transcript is redacted, the
backup keeps the configuration verbatim (it is what a restore needs), and every file the
toolkit wrote is 0600 in 0700 folders, under a permissive umask too."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from tests.e2e.conftest import Bench

ENABLE_PASSWORD = "Bkp-enable-Pw1"


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def permissive_umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _written_under(root: Path) -> tuple[list[Path], list[Path]]:
    paths = sorted(root.rglob("*"))
    return [p for p in paths if p.is_file()], [p for p in paths if p.is_dir()]


def test_backup_transcript_hides_the_config_secrets_and_files_are_private(
    bench: Bench, images: dict[str, Path], permissive_umask: int
) -> None:
    image = f"disk0:/{images['new'].name}"
    bench.provision([images["new"]], [image], enable_password=ENABLE_PASSWORD)
    os.environ["ROMMON_ENABLE_PASSWORD"] = ENABLE_PASSWORD
    try:
        code, report = bench.run(
            "backup", "--port", bench.url(), "--out", "backups", "--tftp", *bench.network_args()
        )
    finally:
        del os.environ["ROMMON_ENABLE_PASSWORD"]
    assert code == ExitCode.SUCCESS, report.get("error")
    folder = bench.root / report["final_state"]["backup"]
    config = (folder / "running-config.cfg").read_text()
    hashed = next(
        line.split()[2] for line in config.splitlines() if line.startswith("enable password ")
    )
    assert hashed.startswith("$sha512$")  # the backup keeps it: a restore needs it
    transcript = bench.root / report["transcript"]
    text = transcript.read_text()
    assert "more system:running-config" in text
    assert hashed not in text
    assert ENABLE_PASSWORD not in text
    assert "enable password ******** pbkdf2" in text
    files, folders = _written_under(bench.root / "runs")
    files_b, folders_b = _written_under(bench.root / "backups")
    assert transcript in files
    assert bench.root / report["final_state"]["tftp_upload"] in files_b
    for path in [*files, *files_b]:
        assert _mode(path) == 0o600, path
    for path in [bench.root / "runs", bench.root / "backups", *folders, *folders_b]:
        assert _mode(path) == 0o700, path
    reports = list(bench.root.glob("report-*.json"))
    assert reports
    for path in reports:
        assert _mode(path) == 0o600, path
        assert hashed not in path.read_text()
