"""A transfer's UDP sockets (its TID): connected to the client, with strangers kept apart.

A socket connected to the client is the cheaper one per block (the kernel keeps its route; no
address is parsed or built per packet: tftpd-hpa connects too), but the kernel then hands it
only the client's datagrams. RFC 1350 wants a stranger (another address or port sending to
our TID) answered with error 5, so on Linux a second, unconnected socket shares the port
(SO_REUSEPORT, same user only): the kernel gives the client's datagrams to the connected
socket and everyone else's to the second one, which the session reads off the fast path.
Elsewhere, or if any step fails, one unconnected socket does both jobs (as before).
"""

from __future__ import annotations

import socket
import sys

_SHARE_PORT = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _bind_session_socket(local: str, fallback: str, share: bool) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        if share:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            sock.bind((local, 0))
        except OSError:
            sock.bind((fallback, 0))
    except OSError:
        sock.close()
        raise
    return sock


def open_tid(
    local: str, fallback: str, client: tuple[str, int]
) -> tuple[socket.socket, socket.socket | None]:
    """(the session socket, the strangers' socket or None); OSError if no socket can be had.

    The session socket is bound to `local` (else `fallback`) on a fresh port; with a strangers'
    socket it is connected to `client`, and the strangers' socket is non-blocking.
    """
    sock = _bind_session_socket(local, fallback, _SHARE_PORT)
    if not _SHARE_PORT:
        return sock, None
    strangers = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        strangers.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        strangers.bind(sock.getsockname())
        strangers.setblocking(False)
        sock.connect(client)
    except OSError:
        strangers.close()
        return sock, None
    return sock, strangers
