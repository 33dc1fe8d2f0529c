"""The installed packages are ours, and the CLI entry points work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import rommon_toolkit
from rommon_toolkit import console, rommon, simulator, tftp_server

REPO = Path(__file__).resolve().parent.parent


def test_console_is_our_package_not_the_pypi_one() -> None:
    # `console` is also a PyPI distribution name; the one imported must be this repository's.
    assert Path(console.__file__).resolve().parent == REPO / "src" / "rommon_toolkit" / "console"
    assert "rommon" in (console.__doc__ or "").lower() or "console line" in (console.__doc__ or "")


def test_every_package_is_imported_from_this_repository() -> None:
    for module in (rommon, tftp_server, simulator):
        assert (
            Path(module.__file__ or "").resolve().parent.parent == REPO / "src" / "rommon_toolkit"
        )


def test_python_dash_m_rommon_prints_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rommon_toolkit", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"rommon-toolkit {rommon_toolkit.__version__}"
