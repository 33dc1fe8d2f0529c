"""Why a `tftpdnld` failed, from what the unit printed AND what our TFTP server saw (pure).

The Kenton ROMMON's own failure messages are not documented ([NF], reference §2.2) except
`File not found`; the server's view (no request at all, a refused name, a transfer that
stalled, a complete transfer the unit then refused) is what makes the diagnosis precise.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rommon_toolkit.rommon.decisions import patterns as p


class TftpFailure(enum.Enum):
    NO_REQUEST = "no-request"
    NAME_REFUSED = "name-refused"
    FILE_NOT_FOUND = "file-not-found"
    TRANSFER_FAILED = "transfer-failed"
    IMAGE_REJECTED = "image-rejected"
    UNKNOWN = "unknown"


RETRIES = {  # attempts in all, per kind of failure
    TftpFailure.NO_REQUEST: 2,
    TftpFailure.TRANSFER_FAILED: 3,
    TftpFailure.UNKNOWN: 2,
    TftpFailure.NAME_REFUSED: 1,
    TftpFailure.FILE_NOT_FOUND: 1,
    TftpFailure.IMAGE_REJECTED: 1,
}


@dataclass(frozen=True)
class ServerView:
    """What the bundled server saw for this attempt (None when an external server is used)."""

    requests: tuple[str, ...]  # names asked for, refused ones included
    refusals: tuple[tuple[str, str], ...]  # (name, reason)
    completed_bytes: int  # bytes of the image delivered in full transfers
    failed: tuple[str, ...]  # reasons of transfers that stopped
    image_size: int


@dataclass(frozen=True)
class Diagnosis:
    kind: TftpFailure
    message: str
    advice: str

    @property
    def attempts_allowed(self) -> int:
        return RETRIES[self.kind]


NO_REQUEST_ADVICE = (
    "check, in this order: the cable is in Management1/1 (the ROMMON uses no other port); "
    "the laptop's firewall allows UDP port 69 in; ADDRESS/NETMASK/GATEWAY put the unit on the "
    "laptop's subnet; the switch port is up (link lights)"
)


def diagnose(device_output: str, view: ServerView | None, image: str) -> Diagnosis:
    """The most specific explanation the evidence supports."""
    said_not_found = bool(p.FILE_NOT_FOUND.search(device_output))
    if view is None:
        if said_not_found:
            return Diagnosis(
                TftpFailure.FILE_NOT_FOUND,
                f"the unit reports `File not found` for {image}",
                "put the image on the external server under exactly that name",
            )
        return Diagnosis(
            TftpFailure.UNKNOWN,
            "tftpdnld returned to the ROMMON prompt without booting",
            "with an external server the toolkit cannot see the transfer; check its log",
        )
    if view.refusals:
        name, reason = view.refusals[-1]
        return Diagnosis(
            TftpFailure.NAME_REFUSED,
            f"the unit asked for {name!r}, which the server refused ({reason})",
            f"IMAGE must be exactly {image!r}; read `set` in the transcript",
        )
    if not view.requests:
        return Diagnosis(
            TftpFailure.NO_REQUEST,
            "no TFTP request from the unit reached this machine",
            NO_REQUEST_ADVICE,
        )
    if said_not_found:
        return Diagnosis(
            TftpFailure.FILE_NOT_FOUND,
            f"the unit reports `File not found` although the server offers {image}",
            "compare IMAGE in `set` with the served name (case matters)",
        )
    if view.completed_bytes >= view.image_size > 0:
        return Diagnosis(
            TftpFailure.IMAGE_REJECTED,
            f"the unit received all {view.image_size:,} bytes and refused to boot the image",
            "the image does not fit this unit or is damaged (its SHA-512 matched locally, so "
            "suspect the model family or the release): see the unit's message in the transcript",
        )
    if view.failed:
        return Diagnosis(
            TftpFailure.TRANSFER_FAILED,
            f"the transfer stopped: {view.failed[-1]}",
            "link errors on Management1/1 (cable, switch port, duplex): retrying",
        )
    return Diagnosis(
        TftpFailure.UNKNOWN,
        "tftpdnld returned to the ROMMON prompt before the transfer finished",
        "see the unit's output in the transcript",
    )
