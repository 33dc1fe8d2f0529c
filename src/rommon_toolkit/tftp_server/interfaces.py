"""This machine's IPv4 addresses, with netmasks: to check that SERVER is local and suggest one.

Three sources, best first:

* Linux rtnetlink (RTM_GETADDR): every address, secondary ones included (`ip addr add
  192.168.1.2/24 dev eth0` is how an engineer adds the recovery address).
* Linux/BSD ioctls SIOCGIFADDR / SIOCGIFNETMASK over `socket.if_nameindex()`: the primary
  address of each interface only.
* Anywhere: the host name's addresses plus the address the routing table would use (a UDP
  "connect" sends nothing); netmasks are then unknown and reported as /32.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct
import sys
from dataclasses import dataclass

_NLMSG = struct.Struct("=LHHLL")
_IFADDRMSG = struct.Struct("=BBBBL")
_RTATTR = struct.Struct("=HH")
_RTM_NEWADDR, _RTM_GETADDR = 20, 22
_NLMSG_ERROR, _NLMSG_DONE = 2, 3
_NLM_F_REQUEST, _NLM_F_DUMP = 0x1, 0x300
_IFA_ADDRESS, _IFA_LOCAL, _IFA_LABEL = 1, 2, 3
_SIOCGIFADDR, _SIOCGIFNETMASK = 0x8915, 0x891B


@dataclass(frozen=True)
class LocalInterface:
    """One IPv4 address of this machine, on the interface `name`."""

    name: str
    interface: ipaddress.IPv4Interface

    @property
    def address(self) -> ipaddress.IPv4Address:
        """The address itself."""
        return self.interface.ip


def _align(length: int) -> int:
    return (length + 3) & ~3


def _parse_addr_message(message: bytes) -> LocalInterface | None:
    family, prefix, _flags, _scope, index = _IFADDRMSG.unpack_from(message, _NLMSG.size)
    if family != socket.AF_INET:
        return None
    attributes: dict[int, bytes] = {}
    offset = _NLMSG.size + _IFADDRMSG.size
    while offset + _RTATTR.size <= len(message):
        length, kind = _RTATTR.unpack_from(message, offset)
        if length < _RTATTR.size:
            break
        attributes[kind] = message[offset + _RTATTR.size : offset + length]
        offset += _align(length)
    raw = attributes.get(_IFA_LOCAL) or attributes.get(_IFA_ADDRESS)
    if raw is None or len(raw) != 4:
        return None
    label = attributes.get(_IFA_LABEL, b"").split(b"\x00", 1)[0].decode("ascii", "replace")
    if not label:
        try:
            label = socket.if_indextoname(index)
        except OSError:
            label = f"if{index}"
    address = ipaddress.IPv4Address(raw)
    return LocalInterface(label, ipaddress.IPv4Interface(f"{address}/{prefix}"))


def from_netlink() -> list[LocalInterface]:
    """All IPv4 addresses from Linux rtnetlink; OSError where there is no netlink."""
    family = getattr(socket, "AF_NETLINK", None)
    if family is None:
        raise OSError("no netlink on this platform")
    found: list[LocalInterface] = []
    with socket.socket(family, socket.SOCK_RAW, 0) as sock:
        sock.bind((0, 0))
        sock.settimeout(2.0)
        body = _IFADDRMSG.pack(socket.AF_INET, 0, 0, 0, 0)
        header = _NLMSG.pack(
            _NLMSG.size + len(body), _RTM_GETADDR, _NLM_F_REQUEST | _NLM_F_DUMP, 1, 0
        )
        sock.send(header + body)
        while True:
            data = sock.recv(65536)
            offset = 0
            while offset + _NLMSG.size <= len(data):
                length, kind, _flags, _seq, _pid = _NLMSG.unpack_from(data, offset)
                if length < _NLMSG.size:
                    return found
                if kind == _NLMSG_DONE:
                    return found
                if kind == _NLMSG_ERROR:
                    raise OSError("netlink refused the address dump")
                if kind == _RTM_NEWADDR:
                    entry = _parse_addr_message(data[offset : offset + length])
                    if entry is not None:
                        found.append(entry)
                offset += _align(length)


def from_ioctl() -> list[LocalInterface]:
    """The primary IPv4 address of each interface, by ioctl (Linux); OSError elsewhere."""
    import fcntl

    found: list[LocalInterface] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for _index, name in socket.if_nameindex():
            request = struct.pack("256s", name.encode()[:15])
            try:
                address = fcntl.ioctl(sock.fileno(), _SIOCGIFADDR, request)[20:24]
                netmask = fcntl.ioctl(sock.fileno(), _SIOCGIFNETMASK, request)[20:24]
            except OSError:
                continue  # no IPv4 address on this interface
            interface = ipaddress.IPv4Interface(
                f"{socket.inet_ntoa(address)}/{socket.inet_ntoa(netmask)}"
            )
            found.append(LocalInterface(name, interface))
    return found


def from_resolver() -> list[LocalInterface]:
    """Portable guess: loopback, the host name's addresses, the default route's source."""
    addresses = {"127.0.0.1": "loopback"}
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            addresses.setdefault(str(info[4][0]), "hostname")
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("10.254.254.254", 9))  # UDP connect: picks a route, sends nothing
        addresses.setdefault(sock.getsockname()[0], "default-route")
    return [
        LocalInterface(name, ipaddress.IPv4Interface(f"{address}/32"))
        for address, name in addresses.items()
    ]


def local_ipv4_interfaces() -> list[LocalInterface]:
    """This machine's IPv4 addresses with their interface names and netmasks."""
    sources = (from_netlink, from_ioctl) if sys.platform.startswith("linux") else (from_ioctl,)
    for source in sources:
        try:
            found = source()
        except (OSError, ImportError):
            continue
        if found:
            return found
    return from_resolver()


def is_local_ipv4(address: str) -> bool:
    """True when a socket can be bound to `address` (the definitive test of "is it mine")."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.bind((address, 0))
        except OSError:
            return False
    return True
