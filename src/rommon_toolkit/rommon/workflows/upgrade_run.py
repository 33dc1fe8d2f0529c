"""`rommon upgrade` as one run: preflight, the bundled server, one or two units, the report.

Shared by the CLI and the bench. The report gets `units[]` (role, running_image,
health_before, health_after, health_warnings, backup_dir), the seed's `checklist`, and, for a
pair that stopped, `final_state.pair`: where each unit stands.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.decisions.images import ImageKind, check_asa_image_for_any
from rommon_toolkit.rommon.decisions.images import decode_image_name as decode
from rommon_toolkit.rommon.decisions.platforms import platform_for
from rommon_toolkit.rommon.decisions.upgrade_rules import new_checklist
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.session import Timeouts
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.feedback import Feedback
from rommon_toolkit.rommon.workflows.backup import backup_passphrase
from rommon_toolkit.rommon.workflows.bundled_http import HttpLink
from rommon_toolkit.rommon.workflows.hashing import expected_sha512, require_match, sha512_of
from rommon_toolkit.rommon.workflows.preflight import (
    check_http_port,
    check_image_file,
    check_tftp_port,
)
from rommon_toolkit.rommon.workflows.runs import Run, RunOptions, peer_session, unit_run
from rommon_toolkit.rommon.workflows.staging import DEFAULT_HTTP_PORT
from rommon_toolkit.rommon.workflows.staging_server import StagingLink, start_staging_server
from rommon_toolkit.rommon.workflows.upgrade import upgrade_single
from rommon_toolkit.rommon.workflows.upgrade_unit import UnitState, UpgradeRequest, open_unit


@dataclass(frozen=True)
class UpgradeOptions:
    """The command line of `rommon upgrade`, validated by `prepare`."""

    image: Path
    sha512: str | None
    sha512_file: Path | None
    server: str
    tftp_port: int = 69
    address: str | None = None
    netmask: str | None = None
    peer_address: str | None = None
    gateway: str | None = None
    peer_port: str | None = None
    restore_active: bool = False
    transport: str = "tftp"  # how the units copy the image: "tftp" or "http"
    http_port: int = DEFAULT_HTTP_PORT  # with "http"; 0: a port the OS chooses


def _interface(address: str | None, netmask: str | None, flag: str) -> IPv4Interface | None:
    if address is None:
        return None
    if not netmask:
        raise PreflightError(f"{flag} needs --netmask")
    try:
        return IPv4Interface(f"{address}/{netmask}")
    except ValueError as exc:
        raise PreflightError(f"{flag} {address} / --netmask {netmask}: {exc}") from exc


def prepare(options: UpgradeOptions, feedback: Feedback) -> UpgradeRequest:
    """Everything checked before a byte is sent: image, hash, addresses, port, passphrase."""
    check_image_file(options.image)
    info = decode(options.image.name)
    if info.kind is not ImageKind.ASA:
        raise PreflightError(f"{options.image.name} is not an ASA image (it is {info.kind.value})")
    for warning in check_asa_image_for_any(info, platform_for("asa5506")):
        feedback.warn(warning)
    expected = expected_sha512(options.sha512, options.sha512_file, options.image.name)
    if expected is None:
        raise PreflightError(
            "give the image's SHA-512 from Cisco's download page: --sha512 HEX or "
            "--sha512-file F (the seed: verify the hash before any reload)"
        )
    digest = sha512_of(options.image, lambda d, t: feedback.progress("sha-512", d, t))
    require_match(digest, expected, options.image.name)
    try:
        server = IPv4Address(options.server)
        gateway = IPv4Address(options.gateway) if options.gateway else None
    except ValueError as exc:
        raise PreflightError(f"not an IPv4 address: {exc}") from exc
    backup_passphrase()  # a passphrase the ASA cannot take is refused now, not mid-run
    return UpgradeRequest(
        options.image,
        digest,
        server,
        planned_address=_interface(options.address, options.netmask, "--address"),
        peer_address=_interface(options.peer_address, options.netmask, "--peer-address"),
        gateway=gateway,
        restore_active=options.restore_active,
        transport=options.transport,
        http_port=options.http_port,
        tftp_port=options.tftp_port,
    )


def run_upgrade(
    run_options: RunOptions,
    options: UpgradeOptions,
    request: UpgradeRequest,
    feedback: Feedback,
    *,
    timeouts: Timeouts | None = None,
    credentials: Credentials | None = None,
) -> list[dict[str, Any]]:
    """The run with its own bundled server; returns `units[]` as written in the report."""
    link = start_upgrade_server(options, request)
    if isinstance(link, HttpLink):
        request = replace(request, http_port=link.port)  # 0 asked for any free port
    try:
        with unit_run(
            run_options,
            "upgrade",
            feedback,
            timeouts=timeouts,
            credentials=credentials,
            needs=(Change.WRITE_MEMORY, Change.RELOAD),
        ) as run:
            return upgrade_in_run(run, run_options, options.peer_port, request, link)
    except KeyboardInterrupt:
        link.stop_when_idle(feedback, (timeouts or Timeouts()).copy)
        raise
    finally:
        link.stop()


def start_upgrade_server(options: UpgradeOptions, request: UpgradeRequest) -> StagingLink:
    """The bundled server for `--transport`, checked first, with a slot for each unit."""
    if options.transport == "http":
        check_http_port(str(request.server), options.http_port)
    else:
        check_tftp_port(str(request.server), options.tftp_port)
    units = [str(a.ip) for a in (request.planned_address, request.peer_address) if a]
    return start_staging_server(
        options.transport,
        request.image,
        str(request.server),
        tftp_port=options.tftp_port,
        http_port=options.http_port,
        units=units,
    )


def upgrade_in_run(
    run: Run,
    run_options: RunOptions,
    peer_port: str | None,
    request: UpgradeRequest,
    link: StagingLink | None,
) -> list[dict[str, Any]]:
    """The upgrade inside an open run (the CLI's or a bench unit's); fills the report.

    `link`: the server the units copy from (None: an external one, so no progress).
    """
    progress = (lambda: link.progress(request.image.name)) if link is not None else None
    feedback = run.session.feedback
    run.report.plan = {
        "image": str(request.image),
        "image_version": request.version,
        "sha512": request.sha512,
        "target": request.target,
        "source": request.source,
        "transport": request.transport,
        "peer_port": peer_port,
        "restore_active": request.restore_active,
    }
    run.report.checklist = checklist = new_checklist()
    states: list[UnitState] = []
    try:
        if peer_port is None:
            state = open_unit(run.session, "unit")
            states.append(state)
            upgrade_single(state, request, checklist, progress)
        else:
            from rommon_toolkit.rommon.workflows.upgrade_pair import upgrade_pair

            with peer_session(run_options, run, peer_port, "upgrade", feedback) as peer:
                run.session.runner.unit = "unit"
                states.append(open_unit(run.session, "unit"))
                states.append(open_unit(peer, "peer"))
                upgrade_pair(states, request, checklist, progress, run.report)
    finally:
        run.report.units = [state.to_json() for state in states]
        run.report.warnings += [
            f"{state.label}: {w.message}" for state in states for w in state.warnings
        ]
        if link is not None:  # a bench's server is shared: only these units' transfers
            run.report.transfers = _transfers_of(link, request)
    return run.report.units


def _transfers_of(link: StagingLink, request: UpgradeRequest) -> list[dict[str, object]]:
    """The transfers of the request's unit addresses (all of them when none is known)."""
    clients = [str(a.ip) for a in (request.planned_address, request.peer_address) if a]
    if not clients:
        return link.transfers_json()
    return [t for client in clients for t in link.transfers_json(client=client)]
