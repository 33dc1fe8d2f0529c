"""What the ASA CLI takes as a password typed on one command line (pure; no I/O).

`enable password PW` and `username NAME password PW` are typed on the CLI, so the CLI's own
characters change what is saved:

* `?` asks the CLI for help: it is not part of the password, a different password is saved,
  and the engineer is locked out of the unit they just recovered;
* a space ends the password word: the rest is parsed as keywords (`privilege`, `pbkdf2`) or
  refused, and the second word shows in the clear where the line is echoed;
* `|` starts an output filter: the command fails, and a reset that stops there leaves the
  unit on config register 0x41 (ignoring its configuration at every boot);
* anything outside printable ASCII (0x21-0x7E) may reach the unit as other bytes.

Length: 3 to 127 characters for `enable password` and `username ... password` in ASA 9.x
(the minimum of 3 matches the ASA `password-policy minimum-length` range of 3-64 [D: Cisco
ASA 5500 Series CLI Configuration Guide, ch. 35 "Managing User Passwords"]; the maximum of
127 is what the project's brief states for 9.x and could not be confirmed from a public
Cisco text here [G], see docs/device-reference.md).
"""

from __future__ import annotations

MIN_LENGTH = 3
MAX_LENGTH = 127

FORBIDDEN: dict[str, str] = {
    "?": "the ASA CLI takes `?` as a request for help: it is dropped from the line, a "
    "different password is saved and you would be locked out",
    " ": "a space ends the password: the ASA takes only the first word and reads the rest as "
    "keywords (the second word would also show in the clear)",
    "|": "the ASA CLI takes `|` as an output filter: the command fails and the unit would be "
    "left on config register 0x41",
}


def _describe(char: str) -> str:
    if char == " ":
        return "a space"
    if char.isprintable():
        return f"`{char}`"
    return f"a non-printable character (U+{ord(char):04X})"


def password_problems(password: str, what: str) -> list[str]:
    """Why the ASA would not save `password` as typed (empty when it is fine).

    `what` names it in the messages ("the new enable password"); the password itself is never
    quoted, only the position and kind of the offending character.
    """
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(
            f"{what} has {len(password)} characters; the ASA needs {MIN_LENGTH} or more"
        )
    if len(password) > MAX_LENGTH:
        problems.append(
            f"{what} has {len(password)} characters; the ASA takes at most {MAX_LENGTH}"
        )
    for position, char in enumerate(password, start=1):
        if char in FORBIDDEN:
            problems.append(
                f"{what} has {_describe(char)} at character {position}: {FORBIDDEN[char]}"
            )
        elif not 0x21 <= ord(char) <= 0x7E:
            problems.append(
                f"{what} has {_describe(char)} at character {position}: only printable ASCII "
                "(letters, digits and punctuation other than `?` and `|`) reaches the ASA "
                "as typed"
            )
    return problems


def username_problems(name: str) -> list[str]:
    """Why `username NAME password ...` would not name this user as typed."""
    what = f"the user name {name!r}"
    if not name:
        return ["a user name is empty"]
    problems = []
    for position, char in enumerate(name, start=1):
        if char in FORBIDDEN:
            problems.append(
                f"{what} has {_describe(char)} at character {position}: {FORBIDDEN[char]}"
            )
        elif not 0x21 <= ord(char) <= 0x7E:
            problems.append(
                f"{what} has {_describe(char)} at character {position}: only printable ASCII "
                "reaches the ASA as typed"
            )
    return problems
