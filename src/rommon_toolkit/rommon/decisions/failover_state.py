"""Read `show failover`: is failover on, which unit this is, who is active, in which state.

Format from the research notes (cisco-texts §2.1, [C] ntc `cisco_asa_show_failover*.raw` and
genieparser fixtures): `Failover On ` / `Failover Off `, `Failover unit Primary|Secondary`,
`Version: Ours 9.6(4)5, Mate 9.6(4)5` (`Mate Unknown` with the mate down), `Serial Number:
Ours JAD201603CM, Mate JAD193905FV`, then `This host: Secondary - Active ` and `Other host:
Primary - Standby Ready ` (states seen: Active, Standby Ready, Failed, Negotiation, Cold
Standby, ...). No I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ON_OFF = re.compile(r"^\s*Failover (?P<state>On|Off)\s*$", re.M)
_UNIT = re.compile(r"^\s*Failover unit (?P<unit>Primary|Secondary)\s*$", re.M)
_VERSION = re.compile(r"^\s*Version: Ours (?P<ours>\S+?),\s*Mate (?P<mate>\S+)\s*$", re.M)
_SERIAL = re.compile(r"^\s*Serial Number: Ours (?P<ours>\S+?),\s*Mate (?P<mate>\S+)\s*$", re.M)
_HOST = re.compile(
    r"^\s*(?P<who>This|Other) host:\s*(?P<unit>Primary|Secondary)\s*-\s*(?P<state>\S.*?)\s*$",
    re.M,
)

ACTIVE = "Active"
STANDBY_READY = "Standby Ready"
UNKNOWN = "Unknown"


@dataclass(frozen=True)
class HostState:
    """One host block: `Primary - Standby Ready`."""

    unit: str  # Primary | Secondary
    state: str  # Active | Standby Ready | Failed | Cold Standby | Negotiation | ...
    line: str

    @property
    def active(self) -> bool:
        return self.state == ACTIVE

    @property
    def standby_ready(self) -> bool:
        return self.state == STANDBY_READY


@dataclass(frozen=True)
class FailoverStatus:
    """What one unit's `show failover` says about the pair."""

    enabled: bool
    unit: str | None  # this unit: Primary | Secondary
    this_host: HostState | None
    other_host: HostState | None
    our_version: str | None
    mate_version: str | None  # None when `Mate Unknown`
    our_serial: str | None
    mate_serial: str | None

    @property
    def role(self) -> str:
        """`active`, `standby`, or `single` (failover off); `unknown` otherwise."""
        if not self.enabled:
            return "single"
        if self.this_host is None:
            return "unknown"
        if self.this_host.active:
            return "active"
        if "standby" in self.this_host.state.lower():
            return "standby"
        return "unknown"

    @property
    def pair_healthy(self) -> bool:
        """One unit Active, the other Standby Ready, and both on the same version."""
        if not self.enabled or self.this_host is None or self.other_host is None:
            return False
        states = {self.this_host.state, self.other_host.state}
        return states == {ACTIVE, STANDBY_READY} and self.our_version == self.mate_version

    def to_json(self) -> dict[str, object]:
        return {
            "enabled": self.enabled,
            "unit": self.unit,
            "role": self.role,
            "this_host": self.this_host.state if self.this_host else None,
            "other_host": self.other_host.state if self.other_host else None,
            "our_version": self.our_version,
            "mate_version": self.mate_version,
            "our_serial": self.our_serial,
            "mate_serial": self.mate_serial,
        }


def _known(value: str | None) -> str | None:
    return None if value is None or value == UNKNOWN else value


def parse_show_failover(text: str) -> FailoverStatus | None:
    """None when the text is not `show failover` output at all."""
    on_off = _ON_OFF.search(text)
    if on_off is None:
        return None
    hosts = {m.group("who"): m for m in _HOST.finditer(text)}
    version = _VERSION.search(text)
    serial = _SERIAL.search(text)
    unit = _UNIT.search(text)

    def host(who: str) -> HostState | None:
        match = hosts.get(who)
        if match is None:
            return None
        return HostState(match.group("unit"), match.group("state"), match.group(0).strip())

    return FailoverStatus(
        enabled=on_off.group("state") == "On",
        unit=unit.group("unit") if unit else None,
        this_host=host("This"),
        other_host=host("Other"),
        our_version=_known(version.group("ours")) if version else None,
        mate_version=_known(version.group("mate")) if version else None,
        our_serial=_known(serial.group("ours")) if serial else None,
        mate_serial=_known(serial.group("mate")) if serial else None,
    )
