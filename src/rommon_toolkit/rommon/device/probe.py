"""`probe`: find out what the unit is doing without changing anything.

Listen first; only if the line is silent, nudge it: `n`, and - only when nothing but its echo
came back, so the unit waits for a line - one Enter that ends the line `n`. A silent line may
be a question somebody left (`Proceed with reload? [confirm]`): a bare Enter would confirm it,
`n` cancels it, and `n` is a no (or harmless) at every question of the device reference
(decisions.questions, README "What the probe sends"). Never SPACE (it skips the ROMMON
countdown), never ESC (it interrupts it), and never an answer to a question it sees.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rommon_toolkit.rommon.decisions.classify import Classifier, ProbeResult
from rommon_toolkit.rommon.decisions.questions import NUDGE_FIRST, NUDGE_SECOND
from rommon_toolkit.rommon.decisions.states import ProbeState

if TYPE_CHECKING:
    from rommon_toolkit.console.channel import Channel

DEFAULT_LISTEN_SECONDS = 3.0
QUIET_SECONDS = 1.0  # after text arrives, this much silence ends a listen early
ECHO_ONLY = ("", NUDGE_FIRST, "*")  # what a unit waiting for a line sends back for `n`


def probe(
    channel: Channel, listen_seconds: float = DEFAULT_LISTEN_SECONDS, quiet: float = QUIET_SECONDS
) -> ProbeResult:
    """Listen, nudge only if nothing was heard, and classify what came back."""
    classifier = Classifier()
    heard = channel.listen(listen_seconds, quiet=quiet)
    classifier.feed(heard)
    if not heard.strip():
        channel.note(f"probe: the line was silent; sending {NUDGE_FIRST!r} (a no at any question)")
        channel.send(NUDGE_FIRST)
        answer = channel.listen(listen_seconds, quiet=quiet)
        classifier.feed(answer)
        if answer.strip() in ECHO_ONLY:
            channel.note("probe: nothing but the echo came back; sending Enter to end the line")
            channel.send(NUDGE_SECOND)
            classifier.feed(channel.listen(listen_seconds, quiet=quiet))
    result = classifier.result()
    _, noise = channel.line_quality()
    if result.state is ProbeState.SILENT and noise:
        # Only line noise came (a speed mismatch, a bad cable): not silent, just unreadable.
        result = dataclasses.replace(result, state=ProbeState.UNKNOWN)
    channel.note(f"probe: {result.state.value}")
    return result
