"""`rommon help TOPIC` and a completion script that a real bash accepts and completes with."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rommon_toolkit.rommon.cli.main import main
from tests.conftest import require_tool


@pytest.mark.parametrize(
    ("topic", "must"),
    [("safety", "Permanently erase"), ("exit-codes", "70"), ("ports", "rfc2217://")],
)
def test_help_topics(topic: str, must: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["help", topic]) == 0
    assert must in capsys.readouterr().out


def test_bash_completes_commands_and_options() -> None:
    bash = require_tool("bash")
    script = subprocess.run(
        [sys.executable, "-m", "rommon_toolkit", "completion", "bash"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    probe = (
        script
        + '\nCOMP_WORDS=(rommon rec); COMP_CWORD=1; _rommon; echo "1:${COMPREPLY[*]}"'
        + '\nCOMP_WORDS=(rommon recover --tftp); COMP_CWORD=2; _rommon; echo "2:${COMPREPLY[*]}"'
    )
    out = subprocess.run(
        [bash, "-c", probe], capture_output=True, text=True, check=True, timeout=30
    ).stdout
    assert "1:recover" in out
    assert "2:--tftp-port" in out
