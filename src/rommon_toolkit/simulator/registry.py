"""Running units of this process by state dir: a second `sim://` open attaches to the same
unit (the cable was re-plugged; the unit kept running)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from rommon_toolkit.simulator.errors import ControlError
from rommon_toolkit.simulator.unit import VirtualAsa

_units: dict[Path, VirtualAsa] = {}
_lock = threading.Lock()


def attach(
    model: str, state_dir: Path | str, *, powered: bool = True, **options: Any
) -> VirtualAsa:
    """The unit running on `state_dir`, or a new one (created, and powered on if `powered`).

    `powered=False` makes a unit that is off, as found: nothing on its console until
    `power_on()`. It does not switch off a unit that already runs.
    """
    key = Path(state_dir).resolve()
    with _lock:
        unit = _units.get(key)
        if unit is None:
            unit = VirtualAsa(model, key, **options)
            _units[key] = unit
            if powered:
                unit.power_on()
            return unit
    for fault in options.get("faults", ()):
        unit.inject_fault(fault)
    return unit


def register(unit: VirtualAsa) -> None:
    """Make a unit made elsewhere findable by `unit_for`."""
    with _lock:
        _units[unit.state_dir] = unit


def unit_for(state_dir: Path | str) -> VirtualAsa:
    """The running unit of `state_dir`; ControlError if this process runs none there."""
    key = Path(state_dir).resolve()
    with _lock:
        unit = _units.get(key)
    if unit is None:
        raise ControlError(f"no virtual ASA runs on {key} in this process")
    return unit


def forget(unit: VirtualAsa) -> None:
    """Drop a closed unit."""
    with _lock:
        if _units.get(unit.state_dir) is unit:
            del _units[unit.state_dir]


def close_all() -> None:
    """Close every unit of this process (tests call this at teardown)."""
    with _lock:
        units = list(_units.values())
    for unit in units:
        unit.close()
