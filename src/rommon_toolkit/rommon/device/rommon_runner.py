"""Run commands at the ROMMON prompt (`rommon N > `) and collect their output."""

from __future__ import annotations

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.variables import parse_set_output
from rommon_toolkit.rommon.device.boundary import console_errors
from rommon_toolkit.rommon.errors import DeviceRefusedError, DeviceTimeoutError


class RommonRunner:
    """Commands at the ROMMON prompt; anything but the next prompt is an error."""

    def __init__(self, channel: Channel, *, timeout: float = 30.0) -> None:
        self.channel = channel
        self.timeout = timeout

    def run(self, command: str, *, resend: int = 0) -> str:
        """Send `command`, wait for the next prompt, return the output without the echo.

        `resend` (only for commands safe to repeat, such as `ADDRESS=...` and `set`): when
        the prompt does not come back (line noise garbled it), send a CR for a fresh prompt
        and send the command again, at most `resend` more times.
        """
        patterns = [p.ROMMON_PROMPT, p.ERASE_DISK0_PROMPT, p.CONFREG_QUESTION]
        attempts = 1 + max(resend, 0)
        wait = self.timeout / attempts
        with console_errors():
            for attempt in range(1, attempts + 1):
                self.channel.send_line(command)
                try:
                    result = self.channel.expect(patterns, Deadline.after(wait))
                    break
                except ExpectTimeoutError as exc:
                    if attempt == attempts:
                        raise DeviceTimeoutError(
                            f"ROMMON did not come back to its prompt after `{command}`"
                            + (f" ({attempts} attempts)" if attempts > 1 else ""),
                            "a garbled or silent line: check the console cable and the port "
                            "speed (9600 8N1); last output: " + exc.received[-300:].strip(),
                        ) from exc
                    self.channel.note(f"no prompt after `{command}`: CR, then sending it again")
                    self._fresh_prompt(wait)
        if result.index != 0:
            raise DeviceRefusedError(
                f"unexpected question after `{command}`: {result.after.strip()!r}",
                "stopped without answering; see the transcript",
            )
        lines = result.before.split("\n")
        if lines and lines[0].strip().endswith(command):
            lines = lines[1:]
        return "\n".join(lines)

    def _fresh_prompt(self, wait: float) -> None:
        """A CR at ROMMON only prints the prompt again; wait for it (or give up quietly)."""
        self.channel.send_line("")
        try:
            self.channel.expect([p.ROMMON_PROMPT], Deadline.after(wait))
        except ExpectTimeoutError:
            return

    def read_variables(self) -> dict[str, str]:
        """`set`, parsed (resent once if the prompt came back garbled)."""
        return parse_set_output(self.run("set", resend=1))

    def read_confreg(self) -> int:
        """The config register, read from the bare `confreg` summary.

        Kenton's bare `confreg` shows `Configuration Register: 0x...` then asks `do you wish
        to change the configuration? y/n [n]:` [C, reference §6]; that one question is answered
        `n` (nothing changes). Any other question is left unanswered (DeviceRefusedError).
        """
        patterns = [p.CONFREG_CHANGE, p.ROMMON_PROMPT, p.CONFREG_QUESTION, p.ERASE_DISK0_PROMPT]
        with console_errors():
            self.channel.send_line("confreg")
            try:
                result = self.channel.expect(patterns, Deadline.after(self.timeout))
                found = p.CONFREG_REGISTER.search(result.before)
                if result.index == 0:
                    self.channel.send_line("n")
                    self.channel.expect([p.ROMMON_PROMPT], Deadline.after(self.timeout))
            except ExpectTimeoutError as exc:
                raise DeviceTimeoutError(
                    "ROMMON did not show its config register after `confreg`",
                    "last output: " + exc.received[-300:].strip(),
                ) from exc
        if result.index > 1:
            raise DeviceRefusedError(
                f"unexpected question after `confreg`: {result.after.strip()!r}",
                "stopped without answering; see the transcript",
            )
        if found is None:
            raise DeviceRefusedError(
                "`confreg` did not show `Configuration Register: 0x...`",
                "the register was not changed; see the transcript",
            )
        return int(found.group("value"), 16)
