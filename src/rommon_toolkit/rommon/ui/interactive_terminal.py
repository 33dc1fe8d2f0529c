"""The interactive console: the engineer types, the unit answers, everything is recorded.

Two threads in the pyserial-miniterm manner: a reader copies the line to the screen, the
transcript and the classifier (which drives the status line); the main thread reads keys,
passes them through, and acts on `Ctrl-]` hotkeys (see `rommon.hotkeys`). Keys typed at a
password prompt are written to the transcript as `********`.
"""

from __future__ import annotations

import codecs
import sys
import threading
from typing import BinaryIO

from rommon_toolkit.console.errors import ConsoleError, LineLostError
from rommon_toolkit.console.line import ByteLine
from rommon_toolkit.console.normalize import Normaliser
from rommon_toolkit.console.transcript import TranscriptWriter
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.classify import Classifier, ProbeResult
from rommon_toolkit.rommon.decisions.hotkeys import (
    Command,
    Hotkey,
    HotkeyDecoder,
    Passthrough,
    UnknownHotkey,
    help_text,
)
from rommon_toolkit.rommon.decisions.states import ProbeState
from rommon_toolkit.rommon.ui import keyboard
from rommon_toolkit.rommon.ui.statusline import StatusLine, status_text

_KEY_BYTES = {Command.ESC: b"\x1b", Command.CTRL_C: b"\x03"}
_SECRET_QUESTIONS = (p.PASSWORD, p.ENTER_NEW_PASSWORD, p.REPEAT_NEW_PASSWORD)
READ_CHUNK = 4096
READ_WAIT = 0.2


def _asks_for_secret(result: ProbeResult) -> bool:
    question = result.question or ""
    if result.state is ProbeState.ASA_SETUP_WIZARD:
        return question.lstrip().startswith("Enable password")
    return any(pattern.search(question) for pattern in _SECRET_QUESTIONS)


class Terminal:
    """One interactive session over an open line."""

    def __init__(
        self,
        line: ByteLine,
        transcript: TranscriptWriter,
        *,
        out: BinaryIO | None = None,
        status: bool = True,
    ) -> None:
        self.line = line
        self.transcript = transcript
        self.out = out or sys.stdout.buffer
        self.status = StatusLine(self.out, enabled=status)
        self.lost: LineLostError | None = None
        self._stop = threading.Event()
        self._screen = threading.Lock()
        self._state_lock = threading.Lock()
        self._classifier = Classifier()
        self._normaliser = Normaliser()
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._shown = ""
        self._secret = bytearray()
        self._in_secret = False

    def run(self) -> None:
        """Until the engineer quits or the line is lost (then `lost` says why)."""
        self._say(
            f"rommon console on {self.line.url} ({self.line.settings.describe()}); "
            f"Ctrl-] q quits, Ctrl-] ? lists the hotkeys"
        )
        self.status.setup()
        self._refresh_status(force=True)
        reader = threading.Thread(target=self._read_loop, name="console-reader", daemon=True)
        reader.start()
        decoder = HotkeyDecoder()
        try:
            with keyboard.raw_keyboard():
                while not self._stop.is_set():
                    try:
                        typed = keyboard.read_keys()
                    except EOFError:
                        break
                    for action in decoder.feed(typed):
                        self._act(action)
        finally:
            self._stop.set()
            reader.join()
            self._flush_secret()
            self.status.teardown()

    def _act(self, action: Passthrough | Hotkey | UnknownHotkey) -> None:
        if isinstance(action, Passthrough):
            self._type(action.data)
        elif isinstance(action, UnknownHotkey):
            self._say(f"unknown hotkey Ctrl-] {action.key!r}; Ctrl-] ? lists them")
        elif action.command is Command.QUIT:
            self.transcript.event("note", "console: quit by the engineer")
            self._stop.set()
        elif action.command is Command.HELP:
            self._say(help_text())
        elif action.command is Command.BREAK:
            try:
                self.line.send_break()
                self.transcript.event("break")
                self._say("BREAK sent")
            except ConsoleError as exc:
                self._say(exc.render())
        else:
            self.transcript.event("note", f"console: hotkey {action.command.name}")
            self._send(_KEY_BYTES[action.command], secret=False)

    def _type(self, data: bytes) -> None:
        if not self._in_secret:
            with self._state_lock:
                self._in_secret = _asks_for_secret(self._classifier.result())
        if not self._in_secret:
            self._send(data, secret=False)
            return
        self._secret += data
        if b"\r" in data or b"\n" in data:
            self._flush_secret()  # before Enter goes out: its echo must find the secret known
        self._write_line(data)

    def _flush_secret(self) -> None:
        if self._secret:
            self.transcript.tx(bytes(self._secret), secret=True)
            self._secret.clear()
        self._in_secret = False

    def _send(self, data: bytes, *, secret: bool) -> None:
        self.transcript.tx(data, secret=secret)
        self._write_line(data)

    def _write_line(self, data: bytes) -> None:
        try:
            self.line.write(data)
        except LineLostError as exc:
            self._lose(exc)

    def _read_loop(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.line.read(READ_CHUNK, READ_WAIT)
            except LineLostError as exc:
                self._lose(exc)
                return
            if not data:
                continue
            self.transcript.rx(data)
            with self._screen:
                self.out.write(data)
                self.out.flush()
            text = self._normaliser.feed(self._decoder.decode(data))
            with self._state_lock:
                self._classifier.feed(text)
            self._refresh_status()

    def _refresh_status(self, *, force: bool = False) -> None:
        with self._state_lock:
            result = self._classifier.result()
        text = status_text(result, str(self.transcript.path))
        if force or text != self._shown:
            self._shown = text
            with self._screen:
                self.status.show(text)

    def _lose(self, exc: LineLostError) -> None:
        if self.lost is None:
            self.lost = exc
            self.transcript.event("line-lost", exc.message)
            self._say(f"console line lost: {exc.message}")
        self._stop.set()

    def _say(self, message: str) -> None:
        """A local message, each line marked `--- ` so it cannot pass for device output."""
        text = "".join(f"--- {row}\r\n" for row in message.splitlines())
        with self._screen:
            self.out.write(("\r\n" + text).encode("utf-8", "replace"))
            self.out.flush()
