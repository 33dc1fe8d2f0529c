"""Turn raw console text into text that patterns can match, chunk by chunk.

* ANSI/VT escape sequences and NULs are removed.
* Line noise is removed: every non-ASCII character (a bad cable or a baud mismatch sends
  high-bit garbage; ASA and ROMMON print only ASCII). The transcript keeps the bytes as
  received, and the count of what was dropped tells a wrong speed from a glitch.
* Line ends become `\n`: `\r\n\r`, `\r\n`, `\n\r` and a lone `\r` each count as one.

Both steps keep state across chunks, so the output is the same whether the text arrives one
byte at a time or all at once; nothing is held back except an escape sequence cut in half.
"""

from __future__ import annotations

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and two/three-byte escapes (ESC x, ESC ( B).
_COMPLETE_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[ -/]*[0-Z\\^-~]"  # not `[` or `]`: those open CSI and OSC
)
# An escape sequence that may still be completed by the next chunk.
_OPEN_ESCAPE_AT_END = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|\][^\x07\x1b]*\x1b?|[ -/]*)?\Z")
_LINE_NOISE = re.compile("[^\x00-\x7f]")  # ASA and ROMMON print ASCII only
_MAX_HELD = 256  # a "sequence" longer than this is garbage; stop holding it

_NONE, _AFTER_CR, _AFTER_CRLF, _AFTER_LF = range(4)


class Normaliser:
    """Stateful normaliser; feed chunks in order, read normalised text back."""

    def __init__(self) -> None:
        self._held = ""
        self._state = _NONE
        self.noise_dropped = 0  # line-noise characters removed so far (a wrong speed, a bad cable)
        self.text_seen = 0  # characters of text kept so far

    def feed(self, text: str) -> str:
        """Normalise the next chunk."""
        return self._line_ends(self._strip(text))

    def flush(self) -> str:
        """At the end of the stream: whatever an unfinished escape sequence was holding."""
        held, self._held = self._held, ""
        text = _COMPLETE_ESCAPE.sub("", held).replace("\x1b", "").replace("\x00", "")
        return self._line_ends(text)

    def _strip(self, text: str) -> str:
        text = self._held + text
        self._held = ""
        # Decide what to hold on the text as received: removing a sequence must not make a
        # stray ESC before it look like the start of a new one.
        tail = _OPEN_ESCAPE_AT_END.search(text)
        if tail is not None and len(text) - tail.start() <= _MAX_HELD:
            self._held = text[tail.start() :]
            text = text[: tail.start()]
        text = _COMPLETE_ESCAPE.sub("", text).replace("\x1b", "").replace("\x00", "")
        kept, dropped = _LINE_NOISE.subn("", text)
        self.noise_dropped += dropped
        self.text_seen += len(kept)
        return kept

    def _line_ends(self, text: str) -> str:
        # Finish a line end begun in the previous chunk (`\r|\n`, `\r\n|\r`, `\n|\r`).
        state = self._state
        if state == _AFTER_CR and text.startswith("\n"):
            text, state = text[1:], _AFTER_CRLF
        if state in (_AFTER_CRLF, _AFTER_LF) and text.startswith("\r"):
            text, state = text[1:], _NONE
        if not text:
            self._state = state
            return ""
        # The rest is self-contained: normalise it at once and note how it ends.
        self._state = _NONE
        last = None
        for last in _BATCH.finditer(text):  # noqa: B007 - only the last match is needed
            pass
        if last is not None and last.end() == len(text):
            self._state = _END_STATE[last.group()]
        elif text.endswith("\n"):
            self._state = _AFTER_LF
        return _BATCH.sub("\n", text)


_BATCH = re.compile(r"\r\n\r|\r\n|\n\r|\r")
_END_STATE = {"\r": _AFTER_CR, "\r\n": _AFTER_CRLF, "\n\r": _NONE, "\r\n\r": _NONE}


def normalise_all(text: str) -> str:
    """Normalise a complete text at once (the reference the streaming form must equal)."""
    return _BATCH.sub("\n", _COMPLETE_ESCAPE.sub("", text).replace("\x1b", "").replace("\x00", ""))
