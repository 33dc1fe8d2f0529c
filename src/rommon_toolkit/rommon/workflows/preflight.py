"""Build a RecoveryPlan from what the engineer gave, refusing bad input before any byte is sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Interface
from pathlib import Path

from rommon_toolkit.rommon.decisions.images import (
    check_asa_image_for,
    check_asa_image_for_any,
    decode_image_name,
)
from rommon_toolkit.rommon.decisions.network import check_addressing
from rommon_toolkit.rommon.decisions.platforms import platform_for
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.feedback import Feedback
from rommon_toolkit.rommon.workflows.external_tftp import probe_external_tftp
from rommon_toolkit.rommon.workflows.hashing import expected_sha512, require_match, sha512_of
from rommon_toolkit.rommon.workflows.plan import RecoveryPlan


@dataclass(frozen=True)
class RecoverOptions:
    """The `rommon recover` inputs after the profile is applied."""

    port: str
    image: Path
    address: str | None
    netmask: str | None
    gateway: str | None
    server: str | None = None
    sha512: str | None = None
    sha512_file: Path | None = None
    tftp_port: int = 69
    external_tftp: bool = False
    model: str | None = None
    stage: bool = True
    verify_reload: bool = True
    tftp_checked: bool = False  # the caller (bench) already serves and checked TFTP
    transport: str = "tftp"  # staging: "tftp" or "http" (tftpdnld is always TFTP)
    http_port: int = 80


def local_interfaces() -> list[IPv4Interface]:
    """This machine's IPv4 interfaces (address with netmask)."""
    from rommon_toolkit.tftp_server.interfaces import local_ipv4_interfaces

    return [entry.interface for entry in local_ipv4_interfaces()]


def check_image_file(image: Path) -> int:
    """Size of a readable image file; PreflightError otherwise."""
    if not image.exists():
        raise PreflightError(f"image {image} does not exist")
    if not image.is_file():
        raise PreflightError(f"image {image} is not a regular file")
    try:
        with image.open("rb"):
            pass
    except OSError as exc:
        raise PreflightError(f"cannot read image {image}: {exc.strerror}") from exc
    size = image.stat().st_size
    if size == 0:
        raise PreflightError(f"image {image} is empty", advice="download it again")
    return size


def check_tftp_port(server: str, port: int) -> None:
    """The bundled server can listen on SERVER:port (the advice names the OS-specific fixes)."""
    from rommon_toolkit.tftp_server.bind import bind_udp
    from rommon_toolkit.tftp_server.errors import BindError

    try:
        bind_udp(server, port).close()
    except BindError as exc:
        raise PreflightError(exc.message, advice=exc.advice) from exc


def check_http_port(server: str, port: int) -> None:
    """The bundled HTTP server can listen on TCP SERVER:port (PreflightError with advice)."""
    from rommon_toolkit.http_server import HttpServerError
    from rommon_toolkit.http_server.bind import probe_tcp_bind

    try:
        probe_tcp_bind(server, port)
    except HttpServerError as exc:
        raise PreflightError(exc.message, advice=exc.advice) from exc


def check_transport(transport: str) -> None:
    from rommon_toolkit.rommon.workflows.staging import TRANSPORTS

    if transport not in TRANSPORTS:
        raise PreflightError(
            f"--transport {transport!r} is not known", "use --transport tftp or --transport http"
        )


def build_plan(
    options: RecoverOptions,
    feedback: Feedback,
    *,
    interfaces: Sequence[IPv4Interface] | None = None,
) -> RecoveryPlan:
    """Every check of the issue's preflight, in the order that fails fastest."""
    size = check_image_file(options.image)
    info = decode_image_name(options.image.name)
    platform = platform_for(options.model) if options.model else None
    warnings: list[str] = []
    if platform is not None:
        warnings += check_asa_image_for(info, platform)
    else:  # all supported models share the family; the release must suit one of them
        warnings += check_asa_image_for_any(info, platform_for("asa5506"))
    expected = expected_sha512(options.sha512, options.sha512_file, options.image.name)
    local = list(interfaces) if interfaces is not None else local_interfaces()
    addressing = check_addressing(
        options.address,
        options.netmask,
        options.gateway,
        options.server,
        local=local,
        external_tftp=options.external_tftp,
    )
    if options.tftp_checked:
        pass
    elif options.external_tftp:
        if not options.tftp_port:
            raise PreflightError(
                "--tftp-port 0 asks the OS for a free port, which only the bundled server can use",
                advice="give the external server's UDP port (69 unless it was moved)",
            )
        probe_external_tftp(str(addressing.server), options.tftp_port, options.image.name)
    else:
        check_tftp_port(str(addressing.server), options.tftp_port)
    check_transport(options.transport)
    if options.stage and options.transport == "http":
        check_http_port(str(addressing.server), options.http_port)
    for warning in warnings:
        feedback.warn(warning)
    digest = sha512_of(
        options.image,
        lambda done, total: feedback.progress("sha-512 of the image", done, total),
    )
    require_match(digest, expected, options.image.name)
    return RecoveryPlan(
        port=options.port,
        image=options.image.resolve(),
        info=info,
        size=size,
        sha512=digest,
        expected_sha512=expected,
        platform=platform,
        addressing=addressing,
        tftp_port=options.tftp_port,
        external_tftp=options.external_tftp,
        stage=options.stage,
        verify_reload=options.verify_reload,
        warnings=tuple(warnings),
        transport=options.transport,
        http_port=options.http_port,
    )
