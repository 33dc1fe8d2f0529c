"""Which ASA software releases each supported model can run, as data (docs/device-reference.md §R).

Cisco's ASA compatibility matrix is the authority; the research behind this table could not
read it (see the device reference, section "ASA release range per model"), so each bound carries
its tag: [G] guess, [D] Cisco documentation, [C] real capture. The last train 9.16 rests on
circumstance (every Kenton image seen tops out at 9.16, and the 9.17 release notes' platform
list no longer names the 5506-X); the first releases are recollections, open in HARDWARE.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rommon_toolkit.rommon.errors import PreflightError

Release = tuple[int, int, int, int]  # 9.16(4)85 -> (9, 16, 4, 85); no interim -> 0

_RELEASE_RE = re.compile(r"^(?P<major>\d+)\.(?P<minor>\d+)\((?P<maint>\d+)\)(?P<interim>\d*)$")

COMPAT_MATRIX_URL = "https://www.cisco.com/c/en/us/td/docs/security/asa/compatibility/asamatrx.html"


@dataclass(frozen=True)
class ReleaseRange:
    """The releases one model runs: from `first` up to the end of the `last_train` (9.16(x))."""

    model: str  # as the banner prints it: ASA5506
    first: Release
    first_tag: str
    last_train: tuple[int, int]
    last_tag: str

    def contains(self, release: Release) -> bool:
        return self.first <= release and release[:2] <= self.last_train

    def describe(self) -> str:
        """`9.3(2) to 9.16(x)`."""
        return f"{format_release(self.first)} to {self.last_train_text}"

    @property
    def last_train_text(self) -> str:
        return f"{self.last_train[0]}.{self.last_train[1]}(x)"


# First releases: 5506-X 9.3(2), 5508-X and 5516-X 9.3(3) (research notes, unconfirmed [G]; the
# notes also name 9.4(1) for the 5508-X/5516-X: open question in HARDWARE.md). Last train 9.16
# for all three [G, circumstantial]. Change a bound here and in docs/device-reference.md together.
RELEASE_SUPPORT: dict[str, ReleaseRange] = {
    r.model: r
    for r in (
        ReleaseRange("ASA5506", (9, 3, 2, 0), "G", (9, 16), "G"),
        ReleaseRange("ASA5508", (9, 3, 3, 0), "G", (9, 16), "G"),
        ReleaseRange("ASA5516", (9, 3, 3, 0), "G", (9, 16), "G"),
    )
}


def parse_release(version: str) -> Release | None:
    """`9.16(4)85` -> (9, 16, 4, 85), `9.3(2)` -> (9, 3, 2, 0); None when it is not that form."""
    match = _RELEASE_RE.match(version.strip())
    if not match:
        return None
    interim = match.group("interim")
    return (
        int(match.group("major")),
        int(match.group("minor")),
        int(match.group("maint")),
        int(interim) if interim else 0,
    )


def format_release(release: Release) -> str:
    major, minor, maint, interim = release
    return f"{major}.{minor}({maint})" + (str(interim) if interim else "")


def range_for(model: str) -> ReleaseRange:
    """The range for `ASA5506`...; KeyError for a model without one (a bug in the tables)."""
    return RELEASE_SUPPORT[model]


def models_running(release: Release) -> list[str]:
    """The models (ASA5506, ...) whose range holds `release`, in table order."""
    return [model for model, span in RELEASE_SUPPORT.items() if span.contains(release)]


def _unreadable(name: str) -> PreflightError:
    return PreflightError(
        f"cannot tell the ASA release from the image name {name}",
        advice="keep Cisco's file name (for example asa9-16-4-85-lfbff-k8.SPA): the toolkit "
        "checks the release against the model from it",
    )


def check_release_for(name: str, version: str | None, model: str) -> None:
    """Refuse an image whose release `model` cannot run, naming the model's range."""
    release = parse_release(version) if version else None
    if release is None:
        raise _unreadable(name)
    span = range_for(model)
    if span.contains(release):
        return
    raise PreflightError(
        f"{name} is ASA {format_release(release)}; the {model} runs ASA {span.describe()}",
        advice=_advice(release, span),
    )


def check_release_for_any(name: str, version: str | None) -> list[str]:
    """Refuse a release no supported model runs; warn when only some of them run it."""
    release = parse_release(version) if version else None
    if release is None:
        raise _unreadable(name)
    running = models_running(release)
    ranges = "; ".join(f"{m}: {s.describe()}" for m, s in RELEASE_SUPPORT.items())
    if not running:
        newest = max(RELEASE_SUPPORT.values(), key=lambda s: s.last_train)
        raise PreflightError(
            f"{name} is ASA {format_release(release)}, which none of the supported models "
            f"runs ({ranges})",
            advice=_advice(release, newest),
        )
    if len(running) < len(RELEASE_SUPPORT):
        return [
            f"{name} is ASA {format_release(release)}, which only the {', '.join(running)} "
            f"runs ({ranges}); give --model, or the run stops when the unit shows its model"
        ]
    return []


def _advice(release: Release, span: ReleaseRange) -> str:
    if release[:2] > span.last_train:
        return (
            f"the last release train for this hardware is {span.last_train_text}: download the "
            f"newest {span.last_train_text} lfbff image (see Cisco's ASA compatibility matrix, "
            f"{COMPAT_MATRIX_URL})"
        )
    return (
        f"this hardware needs ASA {format_release(span.first)} or later: download a release in "
        f"the range (see Cisco's ASA compatibility matrix, {COMPAT_MATRIX_URL})"
    )
