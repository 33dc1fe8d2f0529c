"""`SerialSpawn`: a pexpect `SpawnBase` over a `ByteLine`, with no fileno/select (Windows too).

Data received goes, in order: raw bytes to the transcript; pexpect's incremental decoder
(UTF-8, errors replaced: a console can emit any byte); pexpect's logfiles; the `Normaliser`
(line ends to `\\n`, ANSI and NULs removed); then the expect buffer. The transcript keeps the
raw bytes, matching sees the normalised text.
"""

from __future__ import annotations

import codecs
import io
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from pexpect import EOF, TIMEOUT
from pexpect.spawnbase import SpawnBase

from rommon_toolkit.console.errors import LineLostError
from rommon_toolkit.console.line import ByteLine
from rommon_toolkit.console.normalize import Normaliser
from rommon_toolkit.console.transcript import TranscriptWriter

DEFAULT_SEARCH_WINDOW = 2048
DEFAULT_MAX_READ = 4096
MAX_BEFORE = 65536  # `before` keeps at most this much of the text skipped by one expect
RECENT_KEEP = 4096


if TYPE_CHECKING:  # pexpect's stubs make SpawnBase generic; the runtime class is not
    _SpawnBase = SpawnBase[str]
else:
    _SpawnBase = SpawnBase


class SerialSpawn(_SpawnBase):
    """pexpect over a console line; `read_nonblocking` honours its timeout without polling."""

    _decoder: codecs.IncrementalDecoder
    _before: io.StringIO
    _buffer: io.StringIO
    _log: Callable[[str, str], None]

    def __init__(
        self,
        line: ByteLine,
        transcript: TranscriptWriter | None = None,
        *,
        search_window: int = DEFAULT_SEARCH_WINDOW,
        max_read: int = DEFAULT_MAX_READ,
        timeout: float | None = 30,
    ) -> None:
        super().__init__(
            timeout=timeout,
            maxread=max_read,
            searchwindowsize=search_window,
            encoding="utf-8",
            codec_errors="replace",
        )
        self.line = line
        self.transcript = transcript
        self.delaybeforesend = None
        self.delayafterread = None
        self.name = f"<console {line.url}>"
        self.closed = False
        self.lost: LineLostError | None = None
        self._normaliser = Normaliser()
        self.normaliser = self._normaliser  # read-only use: how much was text, how much noise
        self._recent: deque[str] = deque()
        self._recent_len = 0
        self.bytes_received = 0

    def read_nonblocking(self, size: int = 1, timeout: float | None = -1) -> str:
        """Up to `size` bytes as normalised text; TIMEOUT when nothing came within `timeout`.

        Blocks in the line's read (no polling) until the first byte or the timeout, whichever
        is first. A lost line raises pexpect EOF whose cause is the LineLostError.
        """
        if timeout == -1:
            timeout = self.timeout
        if self.lost is not None:
            raise EOF(str(self.lost)) from self.lost
        try:
            raw = self.line.read(size, timeout)
        except LineLostError as exc:
            self._mark_lost(exc)
            raise EOF(str(exc)) from exc
        if not raw:
            raise TIMEOUT(f"nothing received within {timeout} s")
        self.bytes_received += len(raw)
        if self.transcript is not None:
            self.transcript.rx(raw)
        text = self._decoder.decode(raw, final=False)
        self._log(text, "read")
        clean = self._normaliser.feed(text)
        self._remember(clean)
        self._trim_before()
        return clean

    def send(self, s: str | bytes, *, secret: bool = False) -> int:
        """Send text (or bytes); a secret is neither logged nor shown in the transcript."""
        data = s if isinstance(s, bytes) else s.encode("utf-8")
        if not secret:
            self._log(data.decode("utf-8", "replace"), "send")
        if self.transcript is not None:
            self.transcript.tx(data, secret=secret)
        try:
            self.line.write(data)
        except LineLostError as exc:
            self._mark_lost(exc)
            raise
        return len(data)

    def recent_text(self) -> str:
        """The last few KiB of normalised text received."""
        return "".join(self._recent)

    def isalive(self) -> bool:
        """True while the line is open and not lost."""
        return not self.closed and self.lost is None

    def close(self) -> None:
        """Close the line and the transcript (a second call does nothing)."""
        if self.closed:
            return
        self.closed = True
        self.line.close()
        if self.transcript is not None:
            self.transcript.close()

    def _mark_lost(self, exc: LineLostError) -> None:
        self.lost = exc
        self.flag_eof = True
        if self.transcript is not None and not self.transcript.closed:
            self.transcript.event("line-lost", exc.message)
            self.transcript.close("line lost")

    def _remember(self, text: str) -> None:
        if not text:
            return
        self._recent.append(text)
        self._recent_len += len(text)
        while self._recent_len - len(self._recent[0]) >= RECENT_KEEP:
            self._recent_len -= len(self._recent.popleft())

    def _trim_before(self) -> None:
        # pexpect keeps everything skipped during one expect in `_before`; bound it so boot
        # text of any length costs constant memory. The search window is kept intact.
        if self._before.tell() <= 2 * MAX_BEFORE:
            return
        kept = self._before.getvalue()[-MAX_BEFORE:]
        self._before = io.StringIO()
        self._before.write(kept)
