"""Is an external TFTP server reachable, and does it have the image? One real read request.

Sends an RRQ with the `tsize` option; an OACK or DATA means yes (the transfer is then cancelled
with an ERROR packet, as RFC 2347 allows), ERROR 1 means the file is missing, silence means
the server is unreachable.
"""

from __future__ import annotations

import socket
import struct

from rommon_toolkit.rommon.errors import PreflightError

PROBE_TIMEOUT = 3.0
_RRQ, _DATA, _ERROR, _OACK = 1, 3, 5, 6


def probe_external_tftp(server: str, port: int, name: str, timeout: float = PROBE_TIMEOUT) -> int:
    """Size the server announces (0 when it does not say); PreflightError when unusable."""
    request = struct.pack("!H", _RRQ) + name.encode() + b"\0octet\0tsize\x000\0"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.sendto(request, (server, port))
            reply, peer = sock.recvfrom(65536)
        except TimeoutError as exc:
            raise PreflightError(
                f"the external TFTP server {server}:{port} did not answer in {timeout:.0f} s",
                advice="check that it runs, that UDP port "
                f"{port} is open in its firewall, and the address",
            ) from exc
        except OSError as exc:
            raise PreflightError(
                f"cannot reach the external TFTP server {server}:{port}: {exc.strerror}"
            ) from exc
        opcode = struct.unpack("!H", reply[:2])[0] if len(reply) >= 2 else 0
        if opcode == _ERROR:
            code = struct.unpack("!H", reply[2:4])[0] if len(reply) >= 4 else 0
            message = reply[4:].split(b"\0")[0].decode(errors="replace")
            raise PreflightError(
                f"the external TFTP server refused {name}: error {code} {message}".rstrip(),
                advice="put the image in the server's root directory under exactly this name",
            )
        sock.sendto(struct.pack("!HH", _ERROR, 0) + b"probe done\0", peer)
    if opcode == _OACK:
        fields = reply[2:].split(b"\0")
        options = dict(zip(fields[0::2], fields[1::2], strict=False))
        size = options.get(b"tsize", b"0")
        return int(size) if size.isdigit() else 0
    if opcode == _DATA:
        return 0
    raise PreflightError(f"{server}:{port} answered with something that is not TFTP")
