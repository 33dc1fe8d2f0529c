"""The state a unit was left in, from the events the driver saw (for JSON on every exit).

`rommon interrupt --json` prints the final state even when the run stops: at an older
`rommon #N>` ROMMON the unit IS at a ROMMON prompt, only not one this toolkit recovers.
"""

from __future__ import annotations

from collections.abc import Sequence

from rommon_toolkit.rommon.decisions.machine import Event
from rommon_toolkit.rommon.decisions.states import ProbeState

# The last event seen -> the state the unit is in (events not listed say nothing certain).
STATE_AFTER: dict[str, ProbeState] = {
    Event.ROMMON_PROMPT.value: ProbeState.ROMMON,
    Event.OLD_ROMMON_PROMPT.value: ProbeState.ROMMON,
    Event.ERASE_PROMPT.value: ProbeState.ROMMON_ERASE_PROMPT,
    Event.COUNTDOWN.value: ProbeState.BOOT_COUNTDOWN,
    Event.BANNER.value: ProbeState.BOOTING,
    Event.BOOTING.value: ProbeState.BOOTING,
    Event.SHUTDOWN.value: ProbeState.BOOTING,
    Event.USERNAME.value: ProbeState.ASA_LOGIN,
    Event.PRECONFIGURE.value: ProbeState.ASA_SETUP_WIZARD,
    Event.SETUP_WIZARD.value: ProbeState.ASA_SETUP_WIZARD,
    Event.ASA_USER.value: ProbeState.ASA_USER,
    Event.ASA_ENABLE.value: ProbeState.ASA_ENABLE,
    Event.ASA_CONFIG.value: ProbeState.ASA_CONFIG,
    Event.MORE.value: ProbeState.ASA_MORE,
    Event.SAVE_CONFIG.value: ProbeState.DIALOG,
    Event.PROCEED_RELOAD.value: ProbeState.DIALOG,
    Event.YES_NO_QUESTION.value: ProbeState.DIALOG,
    Event.ANONYMOUS_REPORTING.value: ProbeState.DIALOG,
    Event.PASSWORD.value: ProbeState.DIALOG,
}

# Events after which the unit is at a prompt of a model this toolkit does not recover.
UNSUPPORTED_AFTER = {Event.OLD_ROMMON_PROMPT.value, Event.FTD_YES_NO.value}


def state_after(seen: Sequence[str]) -> ProbeState | None:
    """The state after the last telling event, or None when no event tells it."""
    for event in reversed(seen):
        if event in STATE_AFTER:
            return STATE_AFTER[event]
        if event == Event.FTD_YES_NO.value:
            return ProbeState.DIALOG
    return None


def supported(seen: Sequence[str]) -> bool:
    """False when the unit showed it is a model this toolkit does not recover."""
    return not any(event in UNSUPPORTED_AFTER for event in seen)
