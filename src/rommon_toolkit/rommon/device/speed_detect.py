"""`--baud auto`: find the speed at which the console gives readable text.

Each common ASA console speed is tried in turn (9600 first, the factory default): listen;
only on a silent line send the probe's nudge (`n`, a no at every question of the device
reference, never a bare Enter; and when only its echo comes back, the Enter that ends that
line, as the probe does); then judge the text by how much of it was line noise (the
normaliser counts what it drops). An intact echo of the nudge is readable text too. The
first speed with readable text wins; none is an error that lists what was tried.
"""

from __future__ import annotations

from dataclasses import dataclass

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.line import LineSettings
from rommon_toolkit.console.port import open_line
from rommon_toolkit.rommon.decisions.console_speeds import AUTO_ORDER, garbled
from rommon_toolkit.rommon.decisions.questions import NUDGE_FIRST, NUDGE_SECOND
from rommon_toolkit.rommon.device.boundary import console_errors
from rommon_toolkit.rommon.errors import LineError

LISTEN_SECONDS = 2.0
QUIET_SECONDS = 0.5
MIN_TEXT = 3  # printable characters needed to call a speed readable


@dataclass(frozen=True)
class SpeedTrial:
    """What one speed gave."""

    baud: int
    text: int  # characters kept
    noise: int  # line-noise characters dropped
    echoed: bool = False  # the nudge came back intact

    @property
    def readable(self) -> bool:
        clean = not garbled(max(self.text, 1), self.noise)
        return clean and (self.text >= MIN_TEXT or self.echoed)

    def describe(self) -> str:
        return f"{self.baud}: {self.text} readable, {self.noise} noise"


def try_speed(url: str, baud: int, listen: float = LISTEN_SECONDS) -> SpeedTrial:
    """Open `url` at `baud`, listen (nudge once if silent), close; how readable it was."""
    with console_errors():
        channel = Channel(open_line(url, LineSettings(baudrate=baud)))
        try:
            heard = channel.listen(listen, quiet=QUIET_SECONDS)
            echoed = False
            if not heard.strip() and channel.line_quality() == (0, 0):
                channel.send(NUDGE_FIRST)
                answer = channel.listen(listen, quiet=QUIET_SECONDS)
                # Our `n` echoed back intact: the speed is right and the unit waits for a
                # line; end that line as the probe does (Enter after `n` is harmless).
                echoed = answer.strip() == NUDGE_FIRST
                if echoed:
                    channel.send(NUDGE_SECOND)
                    channel.listen(listen, quiet=QUIET_SECONDS)
            text, noise = channel.line_quality()
        finally:
            channel.close()
    return SpeedTrial(baud, text, noise, echoed)


def detect_speed(url: str, speeds: tuple[int, ...] = AUTO_ORDER) -> tuple[int, list[SpeedTrial]]:
    """The first readable speed and every trial; LineError when none is readable."""
    trials: list[SpeedTrial] = []
    for baud in speeds:
        trial = try_speed(url, baud)
        trials.append(trial)
        if trial.readable:
            return baud, trials
    raise LineError(
        "no console speed gave readable text (--baud auto tried "
        + "; ".join(t.describe() for t in trials)
        + ")",
        "a silent line at every speed: check power, the cable and --port (`rommon ports`); "
        "garbage at every speed: the cable or adapter is bad",
    )
