"""The built wheel installs under one import root beside the unrelated `console` distribution.

Builds the wheel from this checkout, installs it and PyPI's `console` into a fresh venv, and
runs `rommon --version` and `rommon demo --help` from an unrelated folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIP_TIMEOUT = 600


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, timeout=PIP_TIMEOUT, env=env, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)], out)
    assert done.returncode == 0, done.stderr[-2000:]
    (built,) = out.glob("rommon_toolkit-*.whl")
    return built


def test_the_wheel_has_one_import_root_and_its_license(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    roots = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert roots == {"rommon_toolkit"}
    assert "rommon_toolkit/py.typed" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


@pytest.mark.slow
def test_installed_beside_the_console_distribution(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    installed = _run([str(python), "-m", "pip", "install", "-q", str(wheel), "console"], tmp_path)
    if (
        installed.returncode != 0
        and "console" in installed.stderr
        and "No matching" in installed.stderr
    ):
        pytest.fail(f"PyPI's console distribution could not be installed: {installed.stderr}")
    assert installed.returncode == 0, installed.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    rommon = env_dir / "bin" / "rommon"
    version = _run([str(rommon), "--version"], elsewhere)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("rommon-toolkit ")
    demo = _run([str(rommon), "demo", "--help"], elsewhere)
    assert demo.returncode == 0, demo.stderr
    assert "usage: rommon demo" in demo.stdout
    check = _run([str(python), "-m", "pip", "check"], elsewhere)
    assert check.returncode == 0, check.stdout
    ours = _run(
        [str(python), "-c", "import rommon_toolkit.console as c; print(c.__file__)"], elsewhere
    )
    assert "rommon_toolkit/console" in ours.stdout


@pytest.mark.slow
def test_the_sdist_carries_tests_docs_and_hardware_notes(tmp_path: Path) -> None:
    import tarfile

    done = _run(
        [sys.executable, "-m", "build", "--sdist", "-o", str(tmp_path), str(ROOT)],
        tmp_path,
    )
    if done.returncode != 0 and "No module named build" in done.stderr:
        pytest.fail("the `build` package is missing from the test extra")
    assert done.returncode == 0, done.stderr[-2000:]
    (sdist,) = tmp_path.glob("rommon_toolkit-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for wanted in ("HARDWARE.md", "LICENSE", "README.md", "tests/conftest.py", "scripts/test"):
        assert wanted in names
    assert any(n.startswith("docs/") for n in names)
