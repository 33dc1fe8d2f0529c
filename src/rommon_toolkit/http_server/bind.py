"""Binding the listening TCP socket, and turning a bind failure into advice one can act on."""

from __future__ import annotations

import errno
import ipaddress
import socket

from rommon_toolkit.http_server.errors import (
    AddressNotLocalError,
    BindError,
    PortInUseError,
    PrivilegedPortError,
)

PRIVILEGED_PORT_ADVICE = (
    "ports below 1024 (80 is the HTTP port) need privileges. Linux: run with sudo, or let this "
    "Python bind low ports once with "
    '`sudo setcap cap_net_bind_service=+ep "$(readlink -f .venv/bin/python)"`, or lower the '
    "limit with `sudo sysctl net.ipv4.ip_unprivileged_port_start=80`. macOS: run with sudo. "
    "Windows: allow Python through Windows Defender Firewall when asked. Or use a port above "
    "1023: --http-port 8080 (the copy URL names the port)"
)


def check_address(address: str, port: int) -> None:
    """BindError unless `address` is a dotted IPv4 address and `port` is 0-65535."""
    try:
        ipaddress.IPv4Address(address)
    except ValueError as exc:
        raise BindError(
            f"{address!r} is not an IPv4 address",
            "give a dotted address such as 192.168.1.2, or 0.0.0.0 for all",
        ) from exc
    if not 0 <= port <= 65535:
        raise BindError(
            f"HTTP port {port} is out of range", "use 80, 1024-65535, or 0 for any free port"
        )


def bind_error(exc: OSError, address: str, port: int) -> BindError:
    """The BindError subclass (with advice) for an OSError raised by bind() or listen()."""
    where = f"TCP {address}:{port}"
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if code in {errno.EACCES, errno.EPERM} or winerror == 10013:
        if 0 < port < 1024:
            return PrivilegedPortError(
                f"not allowed to listen on {where} (a privileged port)", PRIVILEGED_PORT_ADVICE
            )
        return BindError(
            f"not allowed to listen on {where} ({exc.strerror})",
            "a firewall or security policy refused the socket; try another --http-port",
        )
    if code == errno.EADDRINUSE or winerror == 10048:
        return PortInUseError(
            f"{where} is already in use by another program",
            f"find it with `sudo ss -tlpn 'sport = :{port}'` (Windows: `netstat -abno -p TCP`) "
            "and stop it, or choose another --http-port (0: any free port)",
        )
    if code == errno.EADDRNOTAVAIL or winerror == 10049:
        return AddressNotLocalError(
            f"{address} is not an address of this machine",
            "use an address of the interface facing the unit with --server (or add it: "
            "Linux `sudo ip addr add 192.168.1.2/24 dev eth0`)",
        )
    return BindError(f"cannot listen on {where} ({exc.strerror or exc})", "check --http-port")


def probe_tcp_bind(address: str, port: int) -> None:
    """Bind and listen on (address, port) once and let go: BindError (with advice) if not."""
    check_address(address, port)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((address, port))
            sock.listen(1)
        except OSError as exc:
            raise bind_error(exc, address, port) from exc
