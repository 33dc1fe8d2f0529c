"""Fixtures shared by every test tier."""

from __future__ import annotations

import os
import shutil

import pytest


def running_in_ci() -> bool:
    """True when CI=true: missing real peers then fail instead of skipping."""
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_tool(name: str) -> str:
    """Path of a real external tool; skip with a visible reason locally, fail loudly in CI."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (apt-get install the package that provides it)"
        if running_in_ci():
            pytest.fail(f"CI=true but {message}")
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _private_state_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test keeps unit journals in its own folder, never in the user's state folder."""
    monkeypatch.setenv("ROMMON_STATE_DIR", str(tmp_path_factory.mktemp("state")))
