"""Every form in which an ASA says a command failed, and the syslog lines to drop from output.

A command's output is only data when none of these lines is in it: `backup` once saved
`% Invalid command` as `running-config.cfg` and exited 0 (issue 16). Each row is a line start,
so a configuration that merely contains the word (a banner, a description) is not an error.
Sources: docs/device-reference.md "Command errors".
"""

from __future__ import annotations

import re

_M = re.MULTILINE

# (name, pattern): tried in order; the first match names the error.
COMMAND_ERRORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # `ERROR: % Invalid input detected at '^' marker.`, `ERROR: % Incomplete command`,
    # `ERROR: 'GLOBAL' is not valid`, `ERROR: Invalid username` ... [C]
    ("error", re.compile(r"^[ \t]*(?P<error>ERROR:[^\n]*)", _M)),
    # IOS/FXOS forms of the parser errors, printed by some ASA builds and by FXOS [C]
    ("invalid-input", re.compile(r"^[ \t]*(?P<error>% ?Invalid (?:input|command)[^\n]*)", _M)),
    ("incomplete", re.compile(r"^[ \t]*(?P<error>% ?Incomplete command[^\n]*)", _M)),
    ("ambiguous", re.compile(r"^[ \t]*(?P<error>% ?Ambiguous command[^\n]*)", _M)),
    ("unrecognized", re.compile(r"^[ \t]*(?P<error>% ?Unrecognized (?:command|host)[^\n]*)", _M)),
    # FP2100 ASA/FXOS `Syntax error: ...` (unicon `asa/fp2k/settings.py`) [C]
    ("syntax", re.compile(r"^[ \t]*(?P<error>%?[ \t]*Syntax error[^\n]*)", _M)),
    ("no-such-command", re.compile(r"^[ \t]*(?P<error>No such command[^\n]*)", _M)),
)

# `%ASA-5-111008: User 'enable_15' executed ...`, also after a timestamp or `<165>` [C]
SYSLOG_LINE = re.compile(r"^[^\n%]{0,64}%ASA-(?:[a-z]+-)?[0-7]-\d{6}:[^\n]*(?:\n|$)", _M)


def command_error(output: str) -> str | None:
    """The first error line in a command's output, or None when it reads as data."""
    found: tuple[int, str] | None = None
    for _, pattern in COMMAND_ERRORS:
        match = pattern.search(output)
        if match and (found is None or match.start() < found[0]):
            found = (match.start(), match["error"].strip())
    return found[1] if found else None


def drop_syslog(output: str) -> str:
    """`output` without the syslog lines the console printed into it (kept in transcripts)."""
    return SYSLOG_LINE.sub("", output)
