"""Where passwords come from: environment variables or an interactive prompt, never argv.

Secrets are handed to the channel with `secret=True`, so the transcript records `********`.

| variable                     | used for                                                  |
|------------------------------|-----------------------------------------------------------|
| ROMMON_ENABLE_PASSWORD       | the unit's current enable password (blank if unset*)      |
| ROMMON_NEW_ENABLE_PASSWORD   | a new enable password (forced first-enable prompt, reset) |
| ROMMON_USERNAME / ROMMON_PASSWORD | console login when `aaa authentication serial console` is on |

(*) after a recovery or a password reset the enable password is blank [C, reference §3].
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from rommon_toolkit.rommon.errors import OperatorAbortError, PreflightError
from rommon_toolkit.rommon.feedback import prepare_for_question

ENABLE_ENV = "ROMMON_ENABLE_PASSWORD"
NEW_ENABLE_ENV = "ROMMON_NEW_ENABLE_PASSWORD"
USERNAME_ENV = "ROMMON_USERNAME"
PASSWORD_ENV = "ROMMON_PASSWORD"

Asker = Callable[[str], str]  # shows a prompt, returns what was typed (not echoed)


def terminal_asker(prompt: str) -> str:
    """Ask on the terminal without echo (prompt_toolkit), on a line of its own."""
    from prompt_toolkit import prompt as ask

    prepare_for_question()
    try:
        return ask(prompt, is_password=True)
    except (EOFError, KeyboardInterrupt) as exc:
        raise OperatorAbortError("no password given") from exc


@dataclass
class Credentials:
    """Passwords for one run, looked up once and remembered for the run."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    asker: Asker | None = None
    _cache: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_terminal(cls) -> Credentials:
        """Environment first, then the terminal when stdin is one."""
        return cls(asker=terminal_asker if sys.stdin.isatty() else None)

    def _get(self, variable: str, question: str, *, blank_ok: bool) -> str:
        if variable in self._cache:
            return self._cache[variable]
        value = self.env.get(variable)
        if value is None and self.asker is not None:
            value = self.asker(question)
        if value is None:
            if not blank_ok:
                raise PreflightError(
                    f"the unit asks for a secret and {variable} is not set",
                    advice=f"export {variable}=... (never on the command line) or run "
                    "from a terminal to be asked",
                )
            value = ""
        self._cache[variable] = value
        return value

    def enable_password(self) -> str:
        """The current enable password: env, else ask, else blank (a recovered unit's)."""
        if self.env.get(ENABLE_ENV) is None and self.asker is None:
            return ""
        return self._get(
            ENABLE_ENV, "Enable password of the unit (Enter if blank): ", blank_ok=True
        )

    def ask_up_front(self) -> None:
        """Ask now, before the first byte goes to the unit, what the run will need later.

        On a terminal without ROMMON_ENABLE_PASSWORD this is the enable password, so the
        question does not come minutes into the run; off a terminal it asks nothing.
        """
        if self.asker is not None:
            self.enable_password()

    def rejected_enable_password(self) -> None:
        """Forget a password the unit refused so the next attempt asks again."""
        self._cache.pop(ENABLE_ENV, None)

    def new_enable_password(self) -> str:
        value = self._get(NEW_ENABLE_ENV, "New enable password: ", blank_ok=False)
        if len(value) < 3:
            raise PreflightError(
                "the new enable password is too short",
                advice=f"set {NEW_ENABLE_ENV} to a password of at least 3 characters",
            )
        return value

    def login(self) -> tuple[str, str]:
        user = self.env.get(USERNAME_ENV)
        if user is None and self.asker is not None:
            from prompt_toolkit import prompt as ask

            prepare_for_question()
            user = ask("Console username: ")
        if not user:
            raise PreflightError(
                "the unit asks for a console login",
                advice=f"export {USERNAME_ENV}=... and {PASSWORD_ENV}=..., or run from a terminal",
            )
        return user, self._get(PASSWORD_ENV, f"Password for {user}: ", blank_ok=False)
