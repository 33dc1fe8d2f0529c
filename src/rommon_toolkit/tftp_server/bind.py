"""Binding the listening socket, and turning a bind failure into advice an engineer can act on."""

from __future__ import annotations

import errno
import ipaddress
import socket

from rommon_toolkit.tftp_server.errors import (
    AddressNotLocalError,
    BindError,
    PortInUseError,
    PrivilegedPortError,
)
from rommon_toolkit.tftp_server.interfaces import local_ipv4_interfaces

PRIVILEGED_PORT_ADVICE = (
    "ports below 1024 need privileges. "
    "Linux: run with sudo, or let this Python bind low ports once with "
    '`sudo setcap cap_net_bind_service=+ep "$(readlink -f .venv/bin/python)"`, or lower the '
    "limit with `sudo sysctl net.ipv4.ip_unprivileged_port_start=69`. "
    "macOS: run with sudo, and answer the application firewall prompt with Allow. "
    "Windows: allow Python through Windows Defender Firewall when asked (run as administrator "
    "if it is not asked). For tests, use an unprivileged port: --tftp-port 6969"
)


def _windows_code(exc: OSError) -> int | None:
    return getattr(exc, "winerror", None)


def bind_error(exc: OSError, address: str, port: int) -> BindError:
    """The BindError subclass (with advice) for an OSError raised by bind()."""
    where = f"UDP {address}:{port}"
    code = exc.errno
    if code in {errno.EACCES, errno.EPERM} or _windows_code(exc) == 10013:
        if 0 < port < 1024:
            return PrivilegedPortError(
                f"not allowed to listen on {where} (a privileged port)", PRIVILEGED_PORT_ADVICE
            )
        return BindError(
            f"not allowed to listen on {where} ({exc.strerror})",
            "a firewall or security policy refused the socket; try another --tftp-port",
        )
    if code == errno.EADDRINUSE or _windows_code(exc) == 10048:
        return PortInUseError(
            f"{where} is already in use by another program",
            f"find it with `sudo ss -ulpn 'sport = :{port}'` (Windows: `netstat -abno -p UDP`); "
            "if it is tftpd-hpa, stop it (`sudo systemctl stop tftpd-hpa`), or choose another "
            "--tftp-port",
        )
    if code == errno.EADDRNOTAVAIL or _windows_code(exc) == 10049:
        mine = ", ".join(
            f"{entry.interface.with_prefixlen} ({entry.name})" for entry in local_ipv4_interfaces()
        )
        return AddressNotLocalError(
            f"{address} is not an address of this machine",
            f"this machine has: {mine or 'no IPv4 address'}; use one of them with --bind "
            "(or 0.0.0.0 for all), or add the recovery address to the interface facing the "
            "unit (Linux: `sudo ip addr add 192.168.1.2/24 dev eth0`)",
        )
    return BindError(
        f"cannot listen on {where} ({exc.strerror or exc})", "check --bind and --tftp-port"
    )


def bind_udp(address: str, port: int) -> socket.socket:
    """A UDP socket bound to (address, port); BindError with advice when that fails."""
    try:
        ipaddress.IPv4Address(address)
    except ValueError as exc:
        raise BindError(
            f"{address!r} is not an IPv4 address",
            "give --bind a dotted address such as 192.168.1.2, or 0.0.0.0 for all",
        ) from exc
    if not 0 <= port <= 65535:
        raise BindError(f"port {port} is out of range", "use 69 (the TFTP port) or 1024-65535")
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.bind((address, port))
    except OSError as exc:
        sock.close()
        raise bind_error(exc, address, port) from exc
    return sock
