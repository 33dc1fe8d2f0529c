"""Make Management1/1 able to reach the TFTP server for `copy tftp:`, and undo exactly that.

Only when the interface has no address is the planned one added; every command added is
recorded with its inverse, and the inverses run (in reverse order) when the copy is done.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface
from typing import TYPE_CHECKING

from rommon_toolkit.rommon.decisions.machine import UnitRestartedError
from rommon_toolkit.rommon.errors import DeviceRefusedError

if TYPE_CHECKING:
    from rommon_toolkit.rommon.device.session import UnitSession

INTERFACE = "Management1/1"
DEFAULT_NAMEIF = "management"

_NAMEIF = re.compile(r"^\s*nameif (?P<name>\S+)", re.M)
_ADDRESS = re.compile(
    r"^\s*ip address (?P<address>\d+\.\d+\.\d+\.\d+) (?P<mask>\d+\.\d+\.\d+\.\d+)", re.M
)
_SHUTDOWN = re.compile(r"^\s*shutdown\s*$", re.M)


@dataclass(frozen=True)
class InterfaceState:
    """What `show running-config interface Management1/1` says."""

    nameif: str | None
    address: IPv4Interface | None
    shutdown: bool


@dataclass(frozen=True)
class ReachabilityChange:
    """Configuration to apply before the copy and its exact inverse for afterwards."""

    apply: tuple[str, ...]
    undo: tuple[str, ...]
    notes: tuple[str, ...]


def parse_interface(text: str) -> InterfaceState:
    nameif = _NAMEIF.search(text)
    address = _ADDRESS.search(text)
    return InterfaceState(
        nameif=nameif.group("name") if nameif else None,
        address=IPv4Interface(f"{address.group('address')}/{address.group('mask')}")
        if address
        else None,
        shutdown=bool(_SHUTDOWN.search(text)),
    )


def plan_reachability(
    state: InterfaceState,
    server: IPv4Address,
    planned: IPv4Interface | None,
    gateway: IPv4Address | None,
) -> ReachabilityChange:
    """What to add so the unit reaches `server` over Management1/1 (nothing if it can)."""
    apply: list[str] = []
    undo: list[str] = []
    notes: list[str] = []
    nameif = state.nameif or DEFAULT_NAMEIF
    address = state.address
    if address is None:
        if planned is None:
            raise ValueError("Management1/1 has no address and none was planned")
        apply.append(f"interface {INTERFACE}")
        undo.append(f"interface {INTERFACE}")
        if state.nameif is None:
            apply.append(f"nameif {nameif}")
        apply.append(f"ip address {planned.ip} {planned.netmask}")
        undo.append("no ip address")
        if state.nameif is None:
            undo.append("no nameif")
        if state.shutdown:
            apply.append("no shutdown")
            undo.append("shutdown")
        apply.append("exit")
        undo.append("exit")
        address = planned
        notes.append(f"{INTERFACE} had no address: {planned} added for the copy, removed after")
    elif state.shutdown:
        apply += [f"interface {INTERFACE}", "no shutdown", "exit"]
        undo += [f"interface {INTERFACE}", "shutdown", "exit"]
        notes.append(f"{INTERFACE} was shut down: enabled for the copy, shut again after")
    if server not in address.network:
        if gateway is None or gateway not in address.network:
            notes.append(
                f"the server {server} is outside {address.network} and no gateway inside it "
                "was given: the copy may not reach it"
            )
        else:
            route = f"route {nameif} {server} 255.255.255.255 {gateway}"
            apply.append(route)
            undo.insert(0, f"no {route}")
            notes.append(f"host route to {server} via {gateway} added for the copy")
    return ReachabilityChange(tuple(apply), tuple(undo), tuple(notes))


@contextmanager
def reachable_for_copy(
    session: UnitSession,
    server: IPv4Address,
    planned: IPv4Interface | None,
    gateway: IPv4Address | None,
) -> Iterator[None]:
    """Configure Management1/1 only as far as needed for a TFTP copy; undo exactly that."""
    state = parse_interface(session.asa.run(f"show running-config interface {INTERFACE}"))
    if state.address is None and planned is None:
        raise DeviceRefusedError(
            f"{INTERFACE} has no address, so the unit cannot reach the TFTP server",
            "give --address and --netmask for it (it is removed again after the copy)",
        )
    change = plan_reachability(state, server, planned, gateway)
    for note in change.notes:
        session.feedback.tell(note)
    if change.apply:
        with session.runner.step("mgmt-configure", apply=change.apply, undo=change.undo):
            session.asa.configure(change.apply)
    try:
        yield
    except UnitRestartedError:
        if change.apply:
            session.runner.skip(
                "mgmt-undo", "the unit restarted: the unsaved interface change is already gone"
            )
        raise
    except BaseException:
        _undo(session, change)
        raise
    _undo(session, change)


def _undo(session: UnitSession, change: ReachabilityChange) -> None:
    if change.apply:
        with session.runner.step("mgmt-undo", commands=change.undo):
            session.asa.configure(change.undo)
