"""A private tmux server for tests that read what a real terminal shows."""

from __future__ import annotations

import subprocess
import uuid

from rommon_toolkit.console.deadline import pause
from tests.conftest import require_tool


class Tmux:
    """A private tmux server (its own socket), ended by the test that started it."""

    def __init__(self, session: str = "console") -> None:
        self.binary = require_tool("tmux")
        self.session = session
        self.socket = f"rommon-test-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str) -> str:
        return subprocess.run(
            [self.binary, "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 10.0) -> str:
        """The screen once it shows `text` (checked every 0.1 s until `timeout`)."""
        waited = 0.0
        while waited < timeout:
            screen = self.screen()
            if text in screen:
                return screen
            pause(0.1)
            waited += 0.1
        raise AssertionError(f"{text!r} never appeared on the tmux screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(
            [self.binary, "-L", self.socket, "kill-server"], capture_output=True, check=False
        )
