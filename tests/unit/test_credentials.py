"""Secrets come from the environment or an asker, are remembered, and are never guessed."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.errors import PreflightError


def test_enable_password_is_blank_without_env_or_terminal() -> None:
    assert Credentials(env={}).enable_password() == ""


def test_enable_password_from_env_and_asked_once() -> None:
    asked: list[str] = []

    def asker(prompt: str) -> str:
        asked.append(prompt)
        return "typed"

    assert Credentials(env={"ROMMON_ENABLE_PASSWORD": "s3cret"}).enable_password() == "s3cret"
    creds = Credentials(env={}, asker=asker)
    assert creds.enable_password() == "typed"
    assert creds.enable_password() == "typed"
    assert len(asked) == 1
    creds.rejected_enable_password()
    creds.enable_password()
    assert len(asked) == 2


def test_new_password_is_required_and_checked() -> None:
    with pytest.raises(PreflightError) as caught:
        Credentials(env={}).new_enable_password()
    assert "ROMMON_NEW_ENABLE_PASSWORD" in caught.value.render()
    with pytest.raises(PreflightError, match="too short"):
        Credentials(env={"ROMMON_NEW_ENABLE_PASSWORD": "ab"}).new_enable_password()
    assert Credentials(env={"ROMMON_NEW_ENABLE_PASSWORD": "N3w-pass"}).new_enable_password() == (
        "N3w-pass"
    )


def test_login_from_env() -> None:
    creds = Credentials(env={"ROMMON_USERNAME": "admin", "ROMMON_PASSWORD": "pw"})
    assert creds.login() == ("admin", "pw")
    with pytest.raises(PreflightError, match="console login"):
        Credentials(env={}).login()
