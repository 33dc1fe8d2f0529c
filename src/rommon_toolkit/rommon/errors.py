"""Errors of the `rommon` package.

Every error carries the outcome class it maps to, a message that says what happened, and
advice that says what to do next::

    RommonError                      (exit_code, advice)
    ├── PreflightError               bad input before any byte is sent        -> 3
    ├── DeviceRefusedError           the unit refused / unexpected prompt     -> 4
    │   └── RommonAccessDisabledError  `Permanently erase 'disk0:'?` answered no
    ├── OperatorAbortError                Ctrl-C or a declined confirmation        -> 5
    ├── DeviceTimeoutError           a deadline passed waiting for the unit   -> 6
    └── LineError                    the console line failed                  -> 7

Errors from `console` and `tftp_server` are mapped to these at the boundary
(`raise ... from exc`).
"""

from __future__ import annotations

from rommon_toolkit.rommon.exitcodes import ExitCode


class RommonError(Exception):
    """Root of the toolkit's errors; `advice` tells the engineer what to do."""

    exit_code: ExitCode = ExitCode.INTERNAL_ERROR

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice

    def render(self) -> str:
        """The message and, when there is one, the advice, as shown to the engineer."""
        if self.advice:
            return f"{self.message}\n  -> {self.advice}"
        return self.message


class PreflightError(RommonError):
    """The plan was refused before anything reached the device."""

    exit_code = ExitCode.PREFLIGHT_REFUSED

    def __init__(self, message: str, advice: str = "", problems: list[str] | None = None):
        super().__init__(message, advice)
        self.problems = problems or []

    def render(self) -> str:
        lines = [self.message, *(f"  - {p}" for p in self.problems)]
        if self.advice:
            lines.append(f"  -> {self.advice}")
        return "\n".join(lines)


class DeviceRefusedError(RommonError):
    """The unit refused, or printed something we will not guess past."""

    exit_code = ExitCode.DEVICE_REFUSED


class RommonAccessDisabledError(DeviceRefusedError):
    """ROMMON offered only `Permanently erase 'disk0:'?` (password recovery disabled)."""


class OperatorAbortError(RommonError):
    """The engineer stopped the run (Ctrl-C or a declined confirmation)."""

    exit_code = ExitCode.OPERATOR_ABORT


class DeviceTimeoutError(RommonError):
    """A deadline passed while waiting for the unit."""

    exit_code = ExitCode.TIMEOUT


class LineError(RommonError):
    """The console line could not be opened, or was lost mid-session."""

    exit_code = ExitCode.LINE_ERROR
