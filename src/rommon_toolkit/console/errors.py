"""Errors of the `console` package.

Every error says what happened (the message) and what to do next (`advice`)::

    ConsoleError                       (advice)
    ├── PortOpenError                  the line could not be opened
    │   ├── PortNotFoundError          no such port / unknown URL / nothing listening (`available`)
    │   │   └── AmbiguousPortError     `--port auto` found several candidates (`candidates`)
    │   ├── PortBusyError              another program holds the port
    │   └── PortPermissionError        the OS refused access (Linux: the `dialout` group)
    ├── SettingsRejectedError          the transport refused a line setting (baud, parity, ...)
    ├── UnsupportedOperationError      the transport cannot do it (BREAK over socket://, ...)
    ├── LineLostError                  the line went away mid-session (cable pulled, server gone)
    ├── ExpectTimeoutError             a deadline passed before any awaited pattern appeared
    └── TranscriptFormatError          a transcript file is not in the documented format

pyserial and OS errors are mapped to these at the boundary (`raise ... from exc`).
"""

from __future__ import annotations

from collections.abc import Sequence


class ConsoleError(Exception):
    """Root of the console line's errors; `advice` tells the engineer what to do."""

    default_advice = ""

    def __init__(self, message: str, advice: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.advice = self.default_advice if advice is None else advice

    def render(self) -> str:
        """The message and, when there is one, the advice."""
        if self.advice:
            return f"{self.message}\n  -> {self.advice}"
        return self.message


class PortOpenError(ConsoleError):
    """The line could not be opened."""


class PortNotFoundError(PortOpenError):
    """No such port, an unknown URL scheme, or nothing answering at a socket address."""

    def __init__(
        self, message: str, advice: str | None = None, available: Sequence[str] = ()
    ) -> None:
        self.available = list(available)
        if advice is None:
            if self.available:
                advice = "ports on this machine: " + ", ".join(self.available)
            else:
                advice = "no serial ports were found on this machine; is the cable plugged in?"
        super().__init__(message, advice)


class AmbiguousPortError(PortNotFoundError):
    """`auto` was asked for, but more than one port looks like a console."""

    def __init__(self, message: str, candidates: Sequence[str]) -> None:
        self.candidates = list(candidates)
        advice = "pass --port with one of: " + ", ".join(self.candidates)
        super().__init__(message, advice, available=candidates)


class PortBusyError(PortOpenError):
    """Another program (a terminal, ModemManager, another rommon) holds the port."""

    default_advice = (
        "close the other program using the port (screen, minicom, PuTTY, another rommon); "
        "on Linux `fuser -v PORT` shows who holds it"
    )


class PortPermissionError(PortOpenError):
    """The operating system refused access to the port."""

    default_advice = (
        "on Linux, join the `dialout` group: `sudo usermod -aG dialout $USER`, then log out "
        "and back in; `ls -l /dev/ttyACM0` shows the port's owner and group"
    )


class SettingsRejectedError(ConsoleError):
    """The transport refused a line setting."""

    default_advice = "ASA consoles use 9600 baud, 8 data bits, no parity, 1 stop bit (8N1)"


class UnsupportedOperationError(ConsoleError):
    """The transport cannot do what was asked (e.g. BREAK over a raw TCP console server)."""


class LineLostError(ConsoleError):
    """The line went away mid-session (cable pulled, adapter unplugged, server closed)."""

    default_advice = (
        "check the console cable and adapter, then run the command again; "
        "the transcript so far was kept"
    )


class ExpectTimeoutError(ConsoleError):
    """A deadline passed before any awaited pattern appeared."""

    def __init__(
        self,
        message: str,
        received: str,
        patterns: Sequence[str],
        advice: str | None = None,
    ) -> None:
        self.received = received
        self.patterns = list(patterns)
        if advice is None:
            advice = "look at the last lines received (in the transcript) to see what the unit did"
        super().__init__(message, advice)

    def render(self) -> str:
        tail = self.received[-400:] if self.received else "(nothing)"
        waited = ", ".join(self.patterns)
        return (
            f"{self.message}\n  waited for: {waited}\n  last received:\n{tail}\n  -> {self.advice}"
        )


class TranscriptFormatError(ConsoleError):
    """A transcript file is not in the documented format."""

    default_advice = "transcripts are JSON Lines; see docs/console.md for the format"
