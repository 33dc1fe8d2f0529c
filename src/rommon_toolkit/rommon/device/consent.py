"""The one consent gate: every byte sent to a unit passes `ConsentGate.check` first.

The gate classifies each send with `decisions.changes` (the command line, or the reply to the
question the unit is asking). A change goes out only with consent: `--yes`, an answer the
engineer gave at a terminal for that change, or a follow-up answer of a command already
consented to (the `[confirm]` after `reload`). Off a terminal without `--yes` nothing
destructive is sent: `ConsentRequiredError` (exit 5) names the flag. Commands the toolkit never
sends (`write erase`, yes to `Permanently erase 'disk0:'?`) are refused always.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rommon_toolkit.rommon.decisions.changes import Change, Verdict, classify_send
from rommon_toolkit.rommon.errors import DeviceRefusedError, OperatorAbortError

Ask = Callable[[str], bool]


class ConsentRequiredError(OperatorAbortError):
    """A change needs consent and there is no terminal to ask on (and no --yes)."""


class NeverSentError(DeviceRefusedError):
    """The toolkit was about to send something it never sends (a bug or a foreign prompt)."""


@dataclass
class ConsentGate:
    """Decides, send by send, whether a change to the unit may go out."""

    assume_yes: bool
    ask: Ask | None  # the engineer's yes/no at a terminal; None off a terminal
    note: Callable[[str], None] = lambda _text: None  # a line in the transcript
    given: list[dict[str, str]] = field(default_factory=list)  # for the report
    _granted: list[Change] = field(default_factory=list)
    _admitted: Change | None = None  # the change whose follow-up questions may be answered

    def request(self, change: Change, question: str) -> bool:
        """Ask up front for one `change` (consumed by its command); False when declined.

        Off a terminal without --yes this raises ConsentRequiredError: nothing is sent.
        """
        if self.assume_yes:
            return True
        if self.ask is None:
            raise _required(change, question)
        if not self.ask(question):
            return False
        self._granted.append(change)
        return True

    def check(self, received: str, outgoing: str) -> None:
        """Raise unless sending `outgoing` now (after `received`) has consent."""
        verdict = classify_send(received, outgoing)
        change = verdict.change
        if change is None:
            if not verdict.is_reply and verdict.shown:
                self._admitted = None
            return
        if change is Change.NEVER:
            raise NeverSentError(
                f"refused to send {_what(verdict)}: the toolkit never erases or weakens a unit",
                "nothing was sent; if the unit asked this, answer it by hand with "
                "`rommon console` after reading what it means",
            )
        if verdict.is_reply and self._admitted is change:
            return
        self._consent(change, verdict)
        self._admitted = change

    def _consent(self, change: Change, verdict: Verdict) -> None:
        if change in self._granted:
            self._granted.remove(change)
            self._record(change, verdict, "confirmed")
            return
        if self.assume_yes:
            self._record(change, verdict, "--yes")
            return
        question = f"Send {_what(verdict)} to the unit? It will {change.describe}."
        if self.ask is None:
            raise _required(change, question)
        if not self.ask(question):
            raise OperatorAbortError(
                f"not confirmed: {_what(verdict)} was not sent", "the unit was left as it was"
            )
        self._record(change, verdict, "confirmed")

    def _record(self, change: Change, verdict: Verdict, how: str) -> None:
        self.given.append({"change": change.value, "sent": verdict.shown, "consent": how})
        self.note(f"consent ({how}): {change.value}: {verdict.shown}")


def _what(verdict: Verdict) -> str:
    if verdict.is_reply:
        return f"yes to {verdict.shown!r}"
    return f"`{verdict.shown}`"


def _required(change: Change, question: str) -> ConsentRequiredError:
    return ConsentRequiredError(
        f"consent needed to {change.value} and there is no terminal to ask on: nothing "
        f"destructive was sent ({question})",
        "run it again with --yes to consent to every change this command makes, or run it "
        "on a terminal to be asked",
    )
