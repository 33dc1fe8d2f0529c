"""Option negotiation (RFC 2347 blksize/tsize/timeout, RFC 2348, RFC 2349).

The OACK carries only options the client asked for and we accept; with none left, there is no
OACK at all. Invalid values (`blksize=abc`, `blksize=4`, `timeout=0`) are ignored, as if not
asked: the transfer goes on with the defaults.

* blksize: 8..65464; larger requests are lowered to 65464 (the RFC maximum, which also fits in
  one IPv4 UDP datagram). Values below 8 are ignored (we may only answer smaller, never larger).
* tsize: on a read, answered with the file size; on a write, the announced size (refused with
  error 3 by the server when it exceeds the upload cap) and echoed.
* timeout: 1..255 seconds, echoed. We use it as the ceiling of our retransmission backoff (we
  never wait longer than the client said it would), never as our base timeout: that one is
  measured (see `rto.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_BLKSIZE = 512
MIN_BLKSIZE = 8
MAX_BLKSIZE = 65464
_MAX_DIGITS = 12


@dataclass(frozen=True)
class Negotiated:
    """What a request's options settle: block size, timeout, size, and the OACK to send."""

    blksize: int = DEFAULT_BLKSIZE
    timeout: int | None = None
    tsize: int | None = None
    oack: dict[str, str] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()


def _number(value: str) -> int | None:
    """A plain decimal number (no sign, spaces or underscores), else None."""
    if value.isascii() and value.isdigit() and len(value) <= _MAX_DIGITS:
        return int(value)
    return None


def negotiate(options: Mapping[str, str], *, file_size: int | None) -> Negotiated:
    """Settle a request's options; `file_size` is the served file's size (None for a write)."""
    blksize, timeout, tsize = DEFAULT_BLKSIZE, None, None
    oack: dict[str, str] = {}
    ignored: list[str] = []
    for name, value in options.items():
        number = _number(value)
        if name == "blksize" and number is not None and number >= MIN_BLKSIZE:
            blksize = min(number, MAX_BLKSIZE)
            oack[name] = str(blksize)
        elif name == "timeout" and number is not None and 1 <= number <= 255:
            timeout = number
            oack[name] = str(number)
        elif name == "tsize" and file_size is not None:
            tsize = file_size
            oack[name] = str(file_size)
        elif name == "tsize" and number is not None:
            tsize = number
            oack[name] = str(number)
        else:
            ignored.append(f"{name}={value}")
    return Negotiated(blksize, timeout, tsize, oack, tuple(ignored))
