"""`probe`: find out what the unit is doing without changing anything.

Listen first; only if the line is silent send ONE carriage return (never SPACE, which skips
the ROMMON countdown, never ESC, which interrupts it), and never answer any question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rommon_toolkit.rommon.decisions.classify import Classifier, ProbeResult

if TYPE_CHECKING:
    from rommon_toolkit.console.channel import Channel

DEFAULT_LISTEN_SECONDS = 3.0
QUIET_SECONDS = 1.0  # after text arrives, this much silence ends a listen early


def probe(
    channel: Channel, listen_seconds: float = DEFAULT_LISTEN_SECONDS, quiet: float = QUIET_SECONDS
) -> ProbeResult:
    """Listen, send one CR only if nothing was heard, and classify what came back."""
    from rommon_toolkit.console.keys import Key

    classifier = Classifier()
    heard = channel.listen(listen_seconds, quiet=quiet)
    classifier.feed(heard)
    if not heard.strip():
        channel.note("probe: the line was silent; sending one CR")
        channel.send_key(Key.CR)
        classifier.feed(channel.listen(listen_seconds, quiet=quiet))
    result = classifier.result()
    channel.note(f"probe: {result.state.value}")
    return result
