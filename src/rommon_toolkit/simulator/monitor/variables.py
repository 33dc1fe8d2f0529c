"""ROMMON variables: the Kenton list, `VAR=value`, the lower-case aliases, validation."""

from __future__ import annotations

import ipaddress
import re

from rommon_toolkit.simulator.state import KENTON_VARIABLES
from rommon_toolkit.simulator.texts import rommon as rtext

ASSIGNMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
# [I] lower-case commands seen on a 5506 (MDY blog) and in Cisco's Saleen code.
ALIASES = {
    "address": "ADDRESS",
    "server": "SERVER",
    "gateway": "GATEWAY",
    "file": "IMAGE",
    "netmask": "NETMASK",
}
IP_VARIABLES = ("ADDRESS", "NETMASK", "GATEWAY", "SERVER")
DEFAULT_PS1 = "rommon ! > "


def valid_ipv4(text: str) -> bool:
    """Dotted-quad IPv4."""
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return text.count(".") == 3


class RommonVariables:
    """The working copy of the variables (NVRAM holds them only after `sync`)."""

    def __init__(self, saved: dict[str, str]) -> None:
        self.values: dict[str, str] = {name: saved.get(name, "") for name in KENTON_VARIABLES}
        self.ps1 = saved.get("PS1", DEFAULT_PS1)

    def assign(self, name: str, value: str) -> str | None:
        """Set a variable; returns an error line or None. Unknown names are ignored [NF]."""
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        key = name.upper()
        if key == "PS1":
            self.ps1 = value
            return None
        if key not in self.values:
            return None  # [NF] guess: Kenton ignores PORT=, VLAN=, ... (Cisco code sends PORT)
        if key in IP_VARIABLES and value and not valid_ipv4(value):
            return rtext.BAD_ADDRESS.format(value=value, name=key)
        self.values[key] = value
        return None

    def unset(self, name: str) -> None:
        """Clear one variable."""
        key = name.upper()
        if key in self.values:
            self.values[key] = ""
        elif key == "PS1":
            self.ps1 = DEFAULT_PS1

    def set_lines(self) -> list[str]:
        """What `set` prints: exactly the Kenton list, then PS1."""
        lines = [rtext.SET_LINE.format(name=n, value=self.values[n]) for n in KENTON_VARIABLES]
        lines.append(rtext.SET_LINE.format(name="PS1", value=f'"{self.ps1}"'))
        return lines

    def saved(self) -> dict[str, str]:
        """What `sync` writes to NVRAM."""
        data = dict(self.values)
        if self.ps1 != DEFAULT_PS1:
            data["PS1"] = self.ps1
        return data

    def prompt(self, counter: int) -> str:
        """The prompt from PS1 (`!` is the counter)."""
        return self.ps1.replace("!", str(counter))
