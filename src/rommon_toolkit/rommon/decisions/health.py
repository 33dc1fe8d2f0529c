"""The health snapshot (seed 000's verification commands) and the diff after a reload; no I/O.

A diff is a list of warnings, each with the lines it rests on: interfaces that were up and are
not, routes lost (or moved to another next hop), connection, xlate or VPN session counts that
collapsed, failover not back to one Active and one Standby Ready. A command the unit did not
answer is recorded as unavailable, and an unavailable command after the reload that answered
before is itself a warning: no silent pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rommon_toolkit.rommon.decisions.failover_state import FailoverStatus, parse_show_failover
from rommon_toolkit.rommon.decisions.health_parsers import (
    Counter,
    InterfaceRow,
    RouteTable,
    VpnSummary,
    parse_count,
    parse_interface_brief,
    parse_route,
    parse_vpn_summary,
)

HEALTH_COMMANDS: tuple[str, ...] = (
    "show interface ip brief",
    "show route",
    "show xlate count",
    "show conn count",
    "show vpn-sessiondb summary",
    "show failover",
)

# A count "collapsed" when it falls below this share of what it was, from at least FLOOR.
COLLAPSE_RATIO = 0.5
COLLAPSE_FLOOR = 10


@dataclass(frozen=True)
class HealthWarning:
    """One difference worth the engineer's eyes, with the lines before and after."""

    kind: str  # interface-down | route-lost | route-changed | count-collapsed | failover | ...
    message: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "before": list(self.before),
            "after": list(self.after),
        }

    def render(self) -> str:
        lines = [self.message]
        lines += [f"    before: {line}" for line in self.before]
        lines += [f"    after:  {line}" for line in self.after]
        return "\n".join(lines)


@dataclass(frozen=True)
class HealthSnapshot:
    """The raw outputs of the health commands (what is parsed is derived from them)."""

    outputs: dict[str, str]  # command -> output
    unavailable: dict[str, str] = field(default_factory=dict)  # command -> why

    @property
    def interfaces(self) -> tuple[InterfaceRow, ...]:
        return parse_interface_brief(self.outputs.get("show interface ip brief", ""))

    @property
    def routes(self) -> RouteTable:
        return parse_route(self.outputs.get("show route", ""))

    @property
    def xlate(self) -> Counter | None:
        return parse_count(self.outputs.get("show xlate count", ""))

    @property
    def conn(self) -> Counter | None:
        return parse_count(self.outputs.get("show conn count", ""))

    @property
    def vpn(self) -> VpnSummary:
        return parse_vpn_summary(self.outputs.get("show vpn-sessiondb summary", ""))

    @property
    def failover(self) -> FailoverStatus | None:
        return parse_show_failover(self.outputs.get("show failover", ""))

    def to_json(self) -> dict[str, Any]:
        """Parsed, for the report (and the raw outputs, to rebuild it on resume)."""
        failover = self.failover
        vpn = self.vpn
        return {
            "interfaces": [
                {"name": r.name, "address": r.address, "status": r.status, "protocol": r.protocol}
                for r in self.interfaces
            ],
            "routes": [
                {"code": r.code, "network": r.key, "via": r.via, "interface": r.interface}
                for r in self.routes.routes
            ],
            "gateway_of_last_resort": self.routes.gateway_of_last_resort,
            "xlate": _count_json(self.xlate),
            "conn": _count_json(self.conn),
            "vpn_sessions": {"active": vpn.active, "total_active": vpn.total_active},
            "failover": failover.to_json() if failover else None,
            "unavailable": dict(self.unavailable),
            "outputs": dict(self.outputs),
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> HealthSnapshot:
        return HealthSnapshot(
            {str(k): str(v) for k, v in dict(data.get("outputs") or {}).items()},
            {str(k): str(v) for k, v in dict(data.get("unavailable") or {}).items()},
        )


def _count_json(counter: Counter | None) -> dict[str, int] | None:
    return None if counter is None else {"in_use": counter.in_use, "most_used": counter.most_used}


def diff_health(before: HealthSnapshot, after: HealthSnapshot) -> list[HealthWarning]:
    """Everything that got worse from `before` to `after` (empty: the diff is clean)."""
    warnings: list[HealthWarning] = []
    for command in HEALTH_COMMANDS:
        if command in after.unavailable and command not in before.unavailable:
            warnings.append(
                HealthWarning(
                    "unavailable",
                    f"`{command}` answered before the upgrade but not after: "
                    f"{after.unavailable[command]}",
                )
            )
    warnings += _interfaces(before, after)
    warnings += _routes(before, after)
    for label, old, new in (
        ("connections (show conn count)", before.conn, after.conn),
        ("xlates (show xlate count)", before.xlate, after.xlate),
    ):
        warnings += _collapsed(label, old, new)
    warnings += _vpn(before.vpn, after.vpn)
    warnings += _failover(before.failover, after.failover)
    return warnings


def _interfaces(before: HealthSnapshot, after: HealthSnapshot) -> list[HealthWarning]:
    now = {row.name: row for row in after.interfaces}
    out = []
    for row in before.interfaces:
        if not row.up:
            continue
        later = now.get(row.name)
        if later is None:
            out.append(HealthWarning("interface-down", f"{row.name} is missing after", (row.line,)))
        elif not later.up:
            out.append(
                HealthWarning(
                    "interface-down",
                    f"{row.name} was up/up and is {later.status}/{later.protocol}",
                    (row.line,),
                    (later.line,),
                )
            )
        elif later.address != row.address:
            out.append(
                HealthWarning(
                    "interface-address",
                    f"{row.name} changed address {row.address} -> {later.address}",
                    (row.line,),
                    (later.line,),
                )
            )
    return out


def _routes(before: HealthSnapshot, after: HealthSnapshot) -> list[HealthWarning]:
    now: dict[str, list[str]] = {}
    lines: dict[str, list[str]] = {}
    for route in after.routes.routes:
        now.setdefault(route.key, []).append(route.via)
        lines.setdefault(route.key, []).append(route.line)
    out = []
    for route in before.routes.routes:
        if route.key not in now:
            out.append(
                HealthWarning(
                    "route-lost", f"route {route.key} ({route.code}) is gone", (route.line,)
                )
            )
        elif route.via not in now[route.key]:
            out.append(
                HealthWarning(
                    "route-changed",
                    f"route {route.key} moved from {route.via} to {', '.join(now[route.key])}",
                    (route.line,),
                    tuple(lines[route.key]),
                )
            )
    return out


def collapsed(old: int, new: int) -> bool:
    return old >= COLLAPSE_FLOOR and new < old * COLLAPSE_RATIO


def _collapsed(label: str, old: Counter | None, new: Counter | None) -> list[HealthWarning]:
    if old is None or new is None or not collapsed(old.in_use, new.in_use):
        return []
    return [
        HealthWarning(
            "count-collapsed",
            f"{label} fell from {old.in_use} to {new.in_use} in use",
            (old.line,),
            (new.line,),
        )
    ]


def _vpn(old: VpnSummary, new: VpnSummary) -> list[HealthWarning]:
    out = []
    for name, count in old.active.items():
        later = new.active.get(name, 0)
        if collapsed(count, later):
            out.append(
                HealthWarning(
                    "count-collapsed",
                    f"VPN sessions {name}: {count} -> {later} active",
                    (old.lines[name],),
                    (new.lines[name],) if name in new.lines else (),
                )
            )
    return out


def _failover(old: FailoverStatus | None, new: FailoverStatus | None) -> list[HealthWarning]:
    if old is None or not old.enabled:
        return []
    before = tuple(h.line for h in (old.this_host, old.other_host) if h is not None)
    if new is None or not new.enabled:
        return [HealthWarning("failover", "failover is no longer on", before)]
    after = tuple(h.line for h in (new.this_host, new.other_host) if h is not None)
    if not new.pair_healthy:
        return [
            HealthWarning(
                "failover",
                "failover is not back to one Active and one Standby Ready on the same version "
                f"(ours {new.our_version}, mate {new.mate_version or 'unknown'})",
                before,
                after,
            )
        ]
    return []
