"""Take the health snapshot (seed 000's verification commands) on the unit at `#`."""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.health import HEALTH_COMMANDS, HealthSnapshot
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError


def take_snapshot(session: UnitSession, label: str) -> HealthSnapshot:
    """Run every health command; one the unit rejects is recorded as unavailable, with why."""
    outputs: dict[str, str] = {}
    unavailable: dict[str, str] = {}
    with session.runner.step(f"health-{label}") as step:
        for command in HEALTH_COMMANDS:
            try:
                outputs[command] = session.asa.run(command)
            except DeviceRefusedError as exc:
                unavailable[command] = exc.message
        snapshot = HealthSnapshot(outputs, unavailable)
        step.details["snapshot"] = snapshot.to_json()
    for command, why in unavailable.items():
        session.feedback.warn(f"health {label}: `{command}` gave nothing to compare: {why}")
    return snapshot
