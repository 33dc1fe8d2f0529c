"""`Channel`: expect patterns against a deadline, send lines and keys, listen; typed results."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pexpect import EOF, TIMEOUT
from pexpect.expect import searcher_re

from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError, LineLostError
from rommon_toolkit.console.keys import Key
from rommon_toolkit.console.line import ByteLine
from rommon_toolkit.console.spawn import DEFAULT_SEARCH_WINDOW, SerialSpawn
from rommon_toolkit.console.transcript import TranscriptWriter

_KEY_BYTES = {Key.ESC: b"\x1b", Key.CR: b"\r", Key.CTRL_C: b"\x03"}


@dataclass(frozen=True)
class ExpectResult:
    """Which pattern matched, the match, and the text before and of the match."""

    index: int
    pattern: re.Pattern[str]
    match: re.Match[str]
    before: str
    after: str


if TYPE_CHECKING:  # generic only in pexpect's stubs
    _SearcherRe = searcher_re[str]
else:
    _SearcherRe = searcher_re


class _CountingSearcher(_SearcherRe):
    """pexpect's regex searcher, counting the characters each search looks at."""

    def __init__(self, patterns: Sequence[re.Pattern[str]], counter: list[int]) -> None:
        super().__init__(list(patterns))
        self._counter = counter

    def search(self, buffer: str, freshlen: int, searchwindowsize: int | None = None) -> int:
        start = 0 if searchwindowsize is None else max(0, len(buffer) - searchwindowsize)
        self._counter[0] += len(buffer) - start
        self._counter[1] = max(self._counter[1], len(buffer) - start)
        result: int = super().search(buffer, freshlen, searchwindowsize)
        return result


class Channel:
    """A console session over one line; every byte in or out goes to the transcript."""

    def __init__(
        self,
        line: ByteLine,
        transcript: TranscriptWriter | None = None,
        *,
        search_window: int = DEFAULT_SEARCH_WINDOW,
    ) -> None:
        self.line = line
        self.transcript = transcript
        self.spawn = SerialSpawn(line, transcript, search_window=search_window)
        self._search_window = search_window
        # [characters searched in total, largest single search]: lets tests prove the search
        # cost does not grow with the amount of text received.
        self.search_stats = [0, 0]
        # Called with every text about to be sent, before it is sent; raising stops the send.
        # The toolkit's consent gate sits here so that no command path can go around it.
        self.before_send: Callable[[str], None] | None = None
        if transcript is not None:
            transcript.event("opened", f"{line.url} {line.settings.describe()}")

    def expect(self, patterns: Sequence[re.Pattern[str]], deadline: Deadline) -> ExpectResult:
        """Wait for the first of `patterns` in the normalised text, until `deadline`.

        Raises ExpectTimeoutError (with the text received) or LineLostError.
        """
        if not patterns:
            raise ValueError("expect() needs at least one pattern")
        searcher = _CountingSearcher(patterns, self.search_stats)
        try:
            index = self.spawn.expect_loop(searcher, deadline.timeout(), self._search_window)
        except TIMEOUT as exc:
            raise ExpectTimeoutError(
                "timed out waiting for the device",
                received=self.recent_text(),
                patterns=[p.pattern for p in patterns],
            ) from exc
        except EOF as exc:
            raise self._lost(exc) from exc
        match = self.spawn.match
        assert isinstance(match, re.Match)
        return ExpectResult(
            index=index,
            pattern=patterns[index],
            match=match,
            before=self.spawn.before or "",
            after=match.group(0),
        )

    def send(self, text: str, *, secret: bool = False) -> None:
        """Send `text` as it is."""
        self._vet(text, secret)
        self.spawn.send(text, secret=secret)

    def send_line(self, text: str, *, secret: bool = False) -> None:
        """Send `text` and a CR, as a terminal does when Enter is pressed."""
        self._vet(text + "\r", secret)
        self.spawn.send(text + "\r", secret=secret)

    def send_key(self, key: Key) -> None:
        """Send ESC, CR, Ctrl-C, or a BREAK (UnsupportedOperationError if the line can't)."""
        if key is Key.BREAK:
            self.line.send_break()
            if self.transcript is not None:
                self.transcript.event("break")
            return
        self._vet(_KEY_BYTES[key].decode("latin-1"), False)
        self.spawn.send(_KEY_BYTES[key])

    def _vet(self, text: str, secret: bool) -> None:
        """Let `before_send` refuse `text` (a secret is never shown to it: it is no command)."""
        if self.before_send is not None and not secret:
            self.before_send(text)

    def listen(self, duration: float, *, quiet: float | None = None) -> str:
        """All normalised text received for `duration` seconds.

        With `quiet`, stop early once some text came and then nothing for `quiet` seconds.
        Text taken here is consumed: a later `expect` does not see it.
        """
        deadline = Deadline.after(duration)
        parts: list[str] = []
        heard = False
        while not deadline.expired():
            wait = deadline.remaining()
            if quiet is not None and heard:
                wait = min(wait, quiet)
            try:
                parts.append(self.spawn.read_nonblocking(self.spawn.maxread, wait))
                heard = True
            except TIMEOUT:
                if heard and quiet is not None:
                    break
            except EOF as exc:
                raise self._lost(exc) from exc
        return "".join(parts)

    def line_quality(self) -> tuple[int, int]:
        """(characters of text received, line-noise characters dropped) since the line opened."""
        normaliser = self.spawn.normaliser
        return normaliser.text_seen, normaliser.noise_dropped

    def recent_text(self) -> str:
        """The tail of what was received (normalised), for error messages; redacted with the
        transcript's rules, so a timeout during `more system:running-config` cannot carry a
        key into the report or onto the screen."""
        text = self.spawn.recent_text()
        return self.transcript.redact(text) if self.transcript is not None else text

    def note(self, text: str) -> None:
        """Write a note event to the transcript."""
        if self.transcript is not None:
            self.transcript.event("note", text)

    def close(self) -> None:
        """Close the line and the transcript."""
        self.spawn.close()

    def _lost(self, exc: BaseException) -> LineLostError:
        cause = exc.__cause__
        if isinstance(cause, LineLostError):
            return cause
        return self.spawn.lost or LineLostError(f"console line {self.line.url} was lost")

    def __enter__(self) -> Channel:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
