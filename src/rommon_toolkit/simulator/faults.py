"""Named faults, switchable at start and mid-run."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from enum import Enum


class Fault(str, Enum):
    """Every fault the virtual ASA can play (docs/sim.md describes each)."""

    PASSWORD_RECOVERY_DISABLED = "password-recovery-disabled"
    NO_MGMT_LINK = "no-mgmt-link"
    CORRUPT_DOWNLOAD = "corrupt-download"
    LINE_NOISE = "line-noise"
    SHORT_COUNTDOWN = "short-countdown"
    MISSED_COUNTDOWN = "missed-countdown"
    BOOT_LOOP = "boot-loop"
    REBOOT_MID_COPY = "reboot-mid-copy"
    DISK_FULL = "disk-full"
    WRONG_BAUD = "wrong-baud"
    SLOW_OUTPUT = "slow-output"
    SLOW_UPGRADE = "slow-upgrade"
    FORCE_ENABLE_PASSWORD = "force-enable-password"
    # health after a boot (traffic.py)
    LINK_DOWN_AFTER_RELOAD = "link-down-after-reload"
    ROUTES_LOST_AFTER_RELOAD = "routes-lost-after-reload"
    CONNS_COLLAPSE_AFTER_RELOAD = "conns-collapse-after-reload"
    # failover pair (failover/)
    STANDBY_NEVER_RETURNS = "standby-never-returns"
    SWITCHOVER_REFUSED = "switchover-refused"
    VERSION_SKEW_REFUSED = "version-skew-refused"


FAULT_NAMES: tuple[str, ...] = tuple(f.value for f in Fault)


def parse_fault(name: str) -> Fault:
    """The fault called `name`; ValueError lists the valid names."""
    try:
        return Fault(name.strip().lower())
    except ValueError:
        valid = ", ".join(FAULT_NAMES)
        raise ValueError(f"unknown fault {name!r}; valid faults: {valid}") from None


class FaultSet:
    """The faults active on one unit; safe to change from any thread."""

    def __init__(self, faults: Iterable[Fault | str] = ()) -> None:
        self._lock = threading.Lock()
        self._active: set[Fault] = {parse_fault(f) if isinstance(f, str) else f for f in faults}

    def __contains__(self, fault: object) -> bool:
        with self._lock:
            return fault in self._active

    def add(self, fault: Fault | str) -> None:
        """Switch a fault on."""
        item = parse_fault(fault) if isinstance(fault, str) else fault
        with self._lock:
            self._active.add(item)

    def discard(self, fault: Fault | str) -> None:
        """Switch a fault off (no error if it was off)."""
        item = parse_fault(fault) if isinstance(fault, str) else fault
        with self._lock:
            self._active.discard(item)

    def names(self) -> list[str]:
        """Active fault names, sorted."""
        with self._lock:
            return sorted(f.value for f in self._active)
