"""A file sink for downloads into the unit: `!` progress, space limit, download faults.

Shared by ROMMON `tftpdnld` (into ram/) and ASA `copy tftp:` (straight into disk0, so a
reload mid-copy leaves the partial file behind as a real unit could).
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from rommon_toolkit.simulator.context import UnitContext
from rommon_toolkit.simulator.errors import DiskFullError, Reboot
from rommon_toolkit.simulator.faults import Fault

# corrupt-download: the byte at this offset arrives inverted (inside the image body, past
# the 4 KiB header, so the signature check fails as it would on a real bit error).
CORRUPT_OFFSET = 5000
# reboot-mid-copy: the unit reloads once this many bytes of a `copy` have arrived.
REBOOT_MID_COPY_BYTES = 256 * 1024
# [NF] guess: a crash mid-copy reports the reset like a power cycle.
REBOOT_MID_COPY_CAUSE = "PowerOn"


class Receiver:
    """Write a download to `target`; use as a context manager around the transfer.

    The file is created at the first block, so a request the server refuses leaves an
    existing file untouched. `opened` tells whether anything was written.
    """

    def __init__(
        self,
        ctx: UnitContext,
        target: Path,
        *,
        bang_bytes: int,
        space: int | None = None,
        reboot_mid_copy: bool = False,
    ) -> None:
        self.ctx = ctx
        self.target = target
        self.bang_bytes = bang_bytes
        self.space = space
        self.reboot_mid_copy = reboot_mid_copy
        self.size = 0
        self._bangs = 0
        self._file: BinaryIO | None = None
        self._corrupt = Fault.CORRUPT_DOWNLOAD in ctx.faults

    def __enter__(self) -> Receiver:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    @property
    def opened(self) -> bool:
        """True once the target file was created."""
        return self._file is not None or self.size > 0

    @property
    def sink(self) -> Receiver:
        """The object the TFTP client writes to."""
        return self

    def write(self, data: bytes, /) -> int:
        """Store one block (corrupted under the fault; DiskFullError past the space)."""
        if self.space is not None and self.size + len(data) > self.space:
            raise DiskFullError(f"no space left for {self.target.name}")
        start = self.size
        if self._corrupt and start <= CORRUPT_OFFSET < start + len(data):
            index = CORRUPT_OFFSET - start
            data = data[:index] + bytes([data[index] ^ 0xFF]) + data[index + 1 :]
        if self._file is None:  # opened at the first block: a failed request leaves no file
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.target.open("wb")
        self._file.write(data)
        self.size += len(data)
        return len(data)

    def progress(self, size: int) -> None:
        """Print a `!` per `bang_bytes`; play reboot-mid-copy."""
        bangs = size // self.bang_bytes
        if bangs > self._bangs:
            self.ctx.out("!" * (bangs - self._bangs))
            self._bangs = bangs
        due = self.reboot_mid_copy and size >= REBOOT_MID_COPY_BYTES
        if due and Fault.REBOOT_MID_COPY in self.ctx.faults:
            self.ctx.faults.discard(Fault.REBOOT_MID_COPY)  # one-shot
            if self._file is not None:
                self._file.flush()
            raise Reboot(REBOOT_MID_COPY_CAUSE)
