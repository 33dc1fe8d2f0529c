"""The network around a unit: what its ports see and how much traffic goes through it.

Persisted in the state dir as traffic.json (it describes the surroundings, not the unit, so a
test or `rommon sim traffic` changes it at any time). At each boot of the ASA OS the unit
takes its health figures from it (`LiveHealth`): connection and xlate counts restart from the
steady numbers, routes learned from neighbours come back, ports without a link stay down.
The health faults bend that boot: `link-down-after-reload`, `routes-lost-after-reload`,
`conns-collapse-after-reload`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rommon_toolkit.simulator.errors import StateError
from rommon_toolkit.simulator.faults import Fault, FaultSet
from rommon_toolkit.simulator.state import write_atomic

TRAFFIC_FILE = "traffic.json"


@dataclass(frozen=True)
class LearnedRoute:
    """A route a neighbour advertises (OSPF, code `O`), reachable while its port is up."""

    network: str
    mask: str
    gateway: str
    interface: str  # the nameif
    cost: int = 20

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LearnedRoute:
        """From traffic.json."""
        return cls(
            network=str(data["network"]),
            mask=str(data["mask"]),
            gateway=str(data["gateway"]),
            interface=str(data["interface"]),
            cost=int(data.get("cost", 20)),
        )


@dataclass
class Traffic:
    """The unit's surroundings (all counts are what a healthy unit sees once traffic flows)."""

    conns: int = 0
    xlates: int = 0
    vpn_sessions: int = 0  # site-to-site IKEv2 tunnels up
    learned_routes: list[LearnedRoute] = field(default_factory=list)
    links_down: list[str] = field(default_factory=list)  # ports whose cable or peer is gone

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Traffic:
        """Tolerant load (missing keys take defaults)."""
        try:
            return cls(
                conns=int(data.get("conns", 0)),
                xlates=int(data.get("xlates", 0)),
                vpn_sessions=int(data.get("vpn_sessions", 0)),
                learned_routes=[LearnedRoute.from_json(r) for r in data.get("learned_routes", [])],
                links_down=[str(p) for p in data.get("links_down", [])],
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError(f"{TRAFFIC_FILE} is not valid ({exc}); fix or delete it") from exc


def load_traffic(root: Path) -> Traffic:
    """The surroundings of the unit in `root` (none: a quiet network)."""
    path = root / TRAFFIC_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Traffic()
    except (OSError, ValueError) as exc:
        raise StateError(f"{path} is unreadable ({exc}); fix or delete it") from exc
    if not isinstance(data, dict):
        raise StateError(f"{path} does not hold a JSON object")
    return Traffic.from_json(data)


def save_traffic(root: Path, traffic: Traffic) -> None:
    """Persist the surroundings."""
    write_atomic(root / TRAFFIC_FILE, json.dumps(asdict(traffic), indent=2).encode())


@dataclass
class LiveHealth:
    """The figures of one boot: what the health `show` commands print."""

    conn_in_use: int = 0
    conn_most_used: int = 0
    xlate_in_use: int = 0
    xlate_most_used: int = 0
    vpn_active: int = 0
    vpn_cumulative: int = 0
    vpn_peak: int = 0
    learned_routes: list[LearnedRoute] = field(default_factory=list)
    links_down: set[str] = field(default_factory=set)

    def set_counts(self, *, conns: int, xlates: int, vpn: int) -> None:
        """Traffic changed: in-use figures follow, most-used keep their high-water mark."""
        self.conn_in_use, self.xlate_in_use = conns, xlates
        self.conn_most_used = max(self.conn_most_used, conns)
        self.xlate_most_used = max(self.xlate_most_used, xlates)
        if vpn > self.vpn_active:
            self.vpn_cumulative += vpn - self.vpn_active
        self.vpn_active = vpn
        self.vpn_peak = max(self.vpn_peak, vpn)


def health_at_boot(traffic: Traffic, faults: FaultSet, up_data_ports: list[str]) -> LiveHealth:
    """The figures a fresh boot starts with (`up_data_ports`: data ports configured up)."""
    health = LiveHealth(links_down=set(traffic.links_down))
    if Fault.LINK_DOWN_AFTER_RELOAD in faults:
        candidates = [p for p in up_data_ports if p not in health.links_down]
        if candidates:
            health.links_down.add(candidates[0])
    if Fault.ROUTES_LOST_AFTER_RELOAD not in faults:
        health.learned_routes = list(traffic.learned_routes)
    if Fault.CONNS_COLLAPSE_AFTER_RELOAD in faults:
        health.set_counts(conns=0, xlates=0, vpn=0)
    else:
        health.set_counts(conns=traffic.conns, xlates=traffic.xlates, vpn=traffic.vpn_sessions)
    return health


COUNT_FIELDS = ("conns", "xlates", "vpn_sessions")


def apply_traffic_change(root: Path, health: LiveHealth, changes: dict[str, Any]) -> Traffic:
    """Apply `changes` to traffic.json and to the running boot's figures; the new Traffic.

    Keys: conns, xlates, vpn_sessions (counts >= 0), links_down (list of ports),
    learned_routes (list of route objects), link_down / link_up (one port)."""
    traffic = load_traffic(root)
    for key, value in changes.items():
        if key in COUNT_FIELDS:
            if not isinstance(value, int) or value < 0:
                raise ValueError(f"{key} must be a whole number >= 0, got {value!r}")
            setattr(traffic, key, value)
        elif key == "links_down":
            traffic.links_down = [str(p) for p in value]
        elif key == "link_down":
            if str(value) not in traffic.links_down:
                traffic.links_down.append(str(value))
        elif key == "link_up":
            traffic.links_down = [p for p in traffic.links_down if p != str(value)]
        elif key == "learned_routes":
            traffic.learned_routes = [
                r if isinstance(r, LearnedRoute) else LearnedRoute.from_json(r) for r in value
            ]
        else:
            valid = ", ".join(
                (*COUNT_FIELDS, "links_down", "link_down", "link_up", "learned_routes")
            )
            raise ValueError(f"unknown traffic setting {key!r}; valid: {valid}")
    save_traffic(root, traffic)
    health.set_counts(conns=traffic.conns, xlates=traffic.xlates, vpn=traffic.vpn_sessions)
    if "learned_routes" in changes:
        health.learned_routes = list(traffic.learned_routes)
    if {"links_down", "link_down", "link_up"} & changes.keys():
        health.links_down = set(traffic.links_down)
    return traffic
