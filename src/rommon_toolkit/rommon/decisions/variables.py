"""ROMMON network variables: the assignments we send, and the `set` read-back diff.

Kenton `set` prints seven entries with a four-space indent and no header [C, reference §2.1];
older ROMMONs print a `ROMMON Variable Settings:` header and a two-space indent. Both parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RECOVERY_VARIABLES = ("ADDRESS", "NETMASK", "GATEWAY", "SERVER", "IMAGE")

_ASSIGNMENT = re.compile(r"^\s*([A-Z][A-Z0-9_]*)=(.*?)\s*$")


@dataclass(frozen=True)
class VariableDifference:
    """One variable whose read-back value is not the planned one."""

    name: str
    planned: str
    found: str | None  # None: the variable is not in the `set` output at all

    def describe(self) -> str:
        found = "missing from `set`" if self.found is None else f"reads back {self.found!r}"
        return f"{self.name}: planned {self.planned!r}, {found}"


def assignment_commands(values: dict[str, str]) -> list[str]:
    """`VAR=value` lines in the reference order (upper-case form, Kenton syntax [C])."""
    return [f"{name}={values[name]}" for name in RECOVERY_VARIABLES if name in values]


def parse_set_output(text: str) -> dict[str, str]:
    """Variables from `set` output; surrounding double quotes are removed from values."""
    found = {}
    for line in text.splitlines():
        match = _ASSIGNMENT.match(line)
        if match:
            value = match.group(2)
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            found[match.group(1)] = value
    return found


def diff_variables(planned: dict[str, str], found: dict[str, str]) -> list[VariableDifference]:
    """Every planned variable whose read-back differs (exact comparison: ROMMON stores text)."""
    return [
        VariableDifference(name, value, found.get(name))
        for name, value in planned.items()
        if found.get(name) != value
    ]
