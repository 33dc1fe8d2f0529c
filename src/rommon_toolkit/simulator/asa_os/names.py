"""Interface names and MAC forms as the ASA OS writes them."""

from __future__ import annotations

import re

# `Management1/1`, `mgmt1/1`, `m1/1`; `GigabitEthernet1/3`, `gi1/3`, `g1/3`.
_MANAGEMENT = re.compile(
    r"^(?:m|ma|man|mana|manag|manage|managem|manageme|managemen|management|mgmt)(\d+/\d+)$",
    re.IGNORECASE,
)
_GIGABIT = re.compile(
    r"^g(?:i(?:g(?:a(?:b(?:i(?:t(?:e(?:t(?:h(?:e(?:r(?:n(?:e(?:t)?)?)?)?)?)?)?)?)?)?)?)?)?)?(\d+/\d+)$",
    re.IGNORECASE,
)
MANAGEMENT = "Management1/1"
DATA_PORTS = tuple(f"GigabitEthernet1/{n}" for n in range(1, 9))


def interface_name(text: str) -> str | None:
    """The canonical name of a port this unit has, or None."""
    match = _MANAGEMENT.match(text)
    if match is not None:
        name = f"Management{match.group(1)}"
        return name if name == MANAGEMENT else None
    match = _GIGABIT.match(text)
    if match is not None:
        name = f"GigabitEthernet{match.group(1)}"
        return name if name in DATA_PORTS else None
    return None


def dotted_mac(mac: str, offset: int = 0) -> str:
    """`70:b3:17:ce:ba:7d` (+offset) -> `70b3.17ce.ba7d` [C] (ASA OS form of the MAC)."""
    value = (int(mac.replace(":", ""), 16) + offset) % (1 << 48)
    raw = f"{value:012x}"
    return f"{raw[0:4]}.{raw[4:8]}.{raw[8:12]}"
