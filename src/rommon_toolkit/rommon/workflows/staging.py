"""Copy an image to disk0 over TFTP or HTTP and prove it with `verify /sha-512`, safely.

Rules: refuse when disk0 is short (with the numbers); skip when the same file with the right
SHA-512 is there; never overwrite the running image or a file this toolkit did not write;
on a mismatch delete only the copy this run (or an interrupted earlier run, per THIS unit's
journal, found by its serial) wrote, retry once, then stop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.parsers import (
    DiskListing,
    parse_bytes_copied,
    parse_dir,
    parse_show_version,
)
from rommon_toolkit.rommon.decisions.parsers import parse_verify_sha512 as read_digest
from rommon_toolkit.rommon.device.asa_runner import Answer
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError
from rommon_toolkit.rommon.records.journal import Journal
from rommon_toolkit.rommon.workflows.management import reachable_for_copy
from rommon_toolkit.rommon.workflows.plan import PlannedCommand, RecoveryPlan
from rommon_toolkit.rommon.workflows.unit_identity import check_image_for_unit, identify_unit

TRANSPORTS = ("tftp", "http")  # `--transport`: how the unit's `copy` fetches the image
DEFAULT_HTTP_PORT = 80
SPACE_MARGIN = 1 << 20  # keep at least 1 MiB free after the copy
COPY_ATTEMPTS = 2

ProgressSource = Callable[[], tuple[int, int | None, str]]  # (bytes, total, detail)


@dataclass(frozen=True)
class StageRequest:
    """What to stage and how the unit reaches the server."""

    image: Path
    sha512: str
    server: IPv4Address
    planned_address: IPv4Interface | None = None
    gateway: IPv4Address | None = None
    transport: str = "tftp"  # "tftp" or "http" (TCP, windowed: far faster over a real link)
    http_port: int = DEFAULT_HTTP_PORT  # the bound port of the bundled HTTP server

    @property
    def source(self) -> str:
        """The URL the unit copies from."""
        return copy_source(self.transport, self.server, self.image.name, self.http_port)


def copy_source(transport: str, server: IPv4Address | str, name: str, http_port: int) -> str:
    """`tftp://S/NAME`, `http://S/NAME` or `http://S:P/NAME` (the port when not 80)."""
    if transport == "http":
        port = "" if http_port == DEFAULT_HTTP_PORT else f":{http_port}"
        return f"http://{server}{port}/{name}"
    return f"tftp://{server}/{name}"


@dataclass(frozen=True)
class StageResult:
    target: str
    copied: bool  # False: it was already there with the right SHA-512
    bytes: int


def _target(request: StageRequest) -> str:
    return f"disk0:/{request.image.name}"


def written_by_us(journal: Journal, target: str) -> bool:
    """An earlier run of ours began writing `target` on THIS unit (its journal, by serial,
    says so, and the file did not exist before that copy); never while the unit is unknown."""
    return any(
        r.get("step") == "copy-image"
        and r.get("phase") == "begin"
        and r.get("target") == target
        and r.get("existed_before") is False
        for r in journal.unit_records()
    )


def stage_image(
    session: UnitSession, request: StageRequest, progress: ProgressSource | None = None
) -> StageResult:
    """Put `request.image` on disk0 with a verified SHA-512 (the unit is at `#`)."""
    target = _target(request)
    size = request.image.stat().st_size
    version = session.asa.run("show version")
    identify_unit(session, version)  # the journal that may vouch for a file is this unit's
    check_image_for_unit(version, request.image.name)
    listing = parse_dir(session.asa.run("dir disk0:"))
    existing = listing.get(target)
    ours = False
    if existing is not None:
        if _verify(session, target) == request.sha512:
            session.runner.skip("copy-image", f"{target} is already there with the right SHA-512")
            return StageResult(target, copied=False, bytes=existing.size)
        ours = written_by_us(session.runner.journal, target)
        _refuse_foreign_file(session, target, ours)
    _check_space(listing, size, existing.size if existing else 0)
    session.backup_before_change()
    with reachable_for_copy(session, request.server, request.planned_address, request.gateway):
        problem = ""
        for attempt in range(1, COPY_ATTEMPTS + 1):
            if ours and listing.get(target) is not None:
                _delete(session, target)
            ours = True
            problem = _copy(session, request, progress)
            if not problem:
                digest = _verify(session, target)
                if digest == request.sha512:
                    return StageResult(target, copied=True, bytes=size)
                problem = f"SHA-512 on the unit is {digest or 'unknown'}, not {request.sha512}"
            session.feedback.warn(f"copy attempt {attempt} of {target}: {problem}")
            listing = parse_dir(session.asa.run("dir disk0:"))
        if listing.get(target) is not None:
            _delete(session, target)
    raise DeviceRefusedError(
        f"{target} could not be copied and verified in {COPY_ATTEMPTS} attempts; any copy "
        f"this run wrote was deleted. Last problem: {problem}",
        "if the unit reports a signature or hash failure the transfer corrupts data (check "
        "the cable and switch port of Management1/1); if it cannot reach the server, check "
        "the addresses and the laptop firewall"
        + (
            f" (it must let TCP port {request.http_port} in from the unit; "
            "or stage with --transport tftp)"
            if request.transport == "http"
            else " (it must let UDP port 69 and the replies through)"
        ),
    )


def _refuse_foreign_file(session: UnitSession, target: str, ours: bool) -> None:
    running = parse_show_version(session.asa.run("show version")).system_image or ""
    if running.lower() == target.lower():
        raise DeviceRefusedError(
            f"{target} is the running image and its SHA-512 differs from the one given",
            "stage under another name, or check the hash you gave",
        )
    if not ours:
        raise DeviceRefusedError(
            f"{target} already exists with a different SHA-512, and this toolkit did not write it",
            "it may be another build with the same name: rename or delete it by hand "
            f"(`rename {target} {target}.old`) if it is not needed, then run again",
        )


def _check_space(listing: DiskListing, size: int, replaced: int) -> None:
    if listing.free_bytes is None:
        return
    needed = size - replaced + SPACE_MARGIN
    if listing.free_bytes < needed:
        raise DeviceRefusedError(
            f"disk0 has {listing.free_bytes:,} bytes free; the image needs {size:,} "
            f"(+{SPACE_MARGIN:,} margin)",
            f"free at least {needed - listing.free_bytes:,} bytes: delete an image that is "
            "neither running nor in a `boot system` line (`dir disk0:`, `delete disk0:/...`)",
        )


def _copy(session: UnitSession, request: StageRequest, progress: ProgressSource | None) -> str:
    """Copy to a target that does not exist; "" on success, else what the unit said."""
    target = _target(request)
    source = request.source

    def tick() -> None:
        if progress is not None:
            done, total, detail = progress()
            session.feedback.progress(f"copy to {target}", done, total, detail)

    with session.runner.step(
        "copy-image", target=target, existed_before=False, transport=request.transport
    ) as step:
        output = session.asa.run(
            f"copy {source} {target}",
            timeout=session.timeouts.copy,
            answers=[
                Answer(p.COPY_REMOTE_HOST, None),
                Answer(p.COPY_SOURCE, None),
                Answer(p.COPY_DESTINATION, None),
                Answer(p.OVERWRITE, None),  # only through the consent gate (OVERWRITE)
            ],
            on_tick=tick,
            tick=1.0,
        )
        copied = parse_bytes_copied(output)
        if copied is None:
            step.outcome = "failed"
            said = [line for line in output.strip().splitlines() if line.strip()]
            step.details["unit_said"] = said[-1] if said else ""
            return f"the copy failed: {said[-1] if said else 'no output'}"
        step.details["bytes"] = copied
    return ""


def _verify(session: UnitSession, target: str) -> str | None:
    label = f"verify /sha-512 {target}"
    started = time.monotonic()
    limit = session.timeouts.verify

    def tick() -> None:  # minutes on a real unit: say so, with the time and the deadline
        elapsed = time.monotonic() - started
        session.feedback.progress(label, 0, None, f"{elapsed:.0f} s of at most {limit:.0f} s")

    with session.runner.step("verify-sha512", target=target) as step:
        try:
            output = session.asa.run(label, timeout=limit, on_tick=tick, tick=2.0)
        finally:
            elapsed = time.monotonic() - started
            session.feedback.progress(label, 0, 0, f"took {elapsed:.0f} s")
        digest = read_digest(output)
        step.details["sha512"] = digest
    return digest


def _delete(session: UnitSession, target: str) -> None:
    with session.runner.step("delete-own-copy", target=target):
        session.asa.run(f"delete /noconfirm {target}")


def planned_commands(plan: RecoveryPlan) -> list[PlannedCommand]:
    """The staging commands as `--dry-run` shows them."""
    a = plan.addressing
    target = plan.disk0_target
    source = copy_source(plan.transport, a.server, plan.image.name, plan.http_port)
    return [
        PlannedCommand("asa", "dir disk0:", "free space; an existing copy is verified first"),
        PlannedCommand("asa", f"verify /sha-512 {target}", "only if it is already there"),
        PlannedCommand("asa", "more system:running-config", "backup (+ show version, dir, ...)"),
        PlannedCommand(
            "asa-config",
            f"interface Management1/1 / ip address {a.address} {a.netmask}",
            "only if Management1/1 has no address; undone after the copy",
        ),
        PlannedCommand(
            "asa",
            f"copy {source} {target}",
            "host, source and destination questions: Enter (their defaults)",
        ),
        PlannedCommand("asa", f"verify /sha-512 {target}", f"must equal {plan.sha512[:16]}..."),
    ]
