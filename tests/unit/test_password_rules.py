"""What the ASA CLI saves as typed: the checks name the character and why, never the password."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.decisions.password_rules import (
    MAX_LENGTH,
    MIN_LENGTH,
    password_problems,
    username_problems,
)


@pytest.mark.parametrize(
    "password", ["Kx7-recovered-Pw", "abc", "!#$%&'()*+,-./:;<=>@[\\]^_`{}~", "x" * MAX_LENGTH]
)
def test_printable_ascii_without_cli_characters_is_accepted(password: str) -> None:
    assert password_problems(password, "the password") == []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("help?me", ["`?` at character 5", "request for help"]),
        ("two words", ["a space at character 4", "only the first word"]),
        ("a|grep", ["`|` at character 2", "output filter", "0x41"]),
        ("tab\there", ["non-printable character (U+0009) at character 4"]),
        ("pässword", ["`ä` at character 2", "only printable ASCII"]),
        ("é" * 2, ["2 characters", f"{MIN_LENGTH} or more"]),
        ("x" * (MAX_LENGTH + 1), [f"{MAX_LENGTH + 1} characters", f"at most {MAX_LENGTH}"]),
    ],
)
def test_each_problem_says_which_character_and_why(password: str, expected: list[str]) -> None:
    text = "\n".join(password_problems(password, "the new enable password"))
    for part in expected:
        assert part in text
    assert text.startswith("the new enable password")
    if len(password) > 2:
        assert password not in text


def test_every_bad_character_is_listed() -> None:
    problems = password_problems("a?b c|d", "pw")
    assert [p.split(":")[0] for p in problems] == [
        "pw has `?` at character 2",
        "pw has a space at character 4",
        "pw has `|` at character 6",
    ]


def test_user_names_are_one_printable_word() -> None:
    assert username_problems("admin") == []
    assert username_problems("") == ["a user name is empty"]
    assert "a space at character 4" in username_problems("bad name")[0]
    assert "`?` at character 2" in username_problems("a?")[0]
