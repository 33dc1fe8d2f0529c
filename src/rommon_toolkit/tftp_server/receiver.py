"""An upload session: receive DATA, answer ACK, enforce the size cap, keep nothing partial.

The server's ACK is the packet it retransmits on timeout (the client may have lost it). A
repeated DATA for the block just acknowledged is answered again only when that ACK has been out
for at least the RTO floor, once per block (the same Sorcerer's Apprentice rule as downloads).
After the last block the session lingers (`dally`) to re-acknowledge a repeated last DATA.
"""

from __future__ import annotations

import errno
import time

from rommon_toolkit.tftp_server.context import SessionContext
from rommon_toolkit.tftp_server.errors import TftpErrorCode, TransferError
from rommon_toolkit.tftp_server.packets import HEADER, OP_ACK, OP_DATA
from rommon_toolkit.tftp_server.session import Session
from rommon_toolkit.tftp_server.uploads import UploadFile


class ReceiveSession(Session):
    """Receives one upload into a file created by the upload policy."""

    def __init__(
        self, context: SessionContext, file: UploadFile, oack: bytes | None, max_bytes: int
    ) -> None:
        super().__init__(context)
        self.file = file
        self.oack = oack
        self.max_bytes = max_bytes
        self.final_ack = b""

    def release(self, ok: bool) -> None:
        if ok:
            self.file.close()
            self.saved_as = str(self.file.path)
        else:
            self.file.remove()

    def close_file(self) -> None:
        self.file.close()  # an FileIO: no buffer, nothing written by this process

    def transfer(self) -> None:
        stats = self.stats
        blksize = stats.blksize
        view = memoryview(self.rxbuf)
        reply = self.oack if self.oack is not None else HEADER.pack(OP_ACK, 0)
        block = 1
        sent_at = self.send(reply)
        while True:
            length = self.await_packet(OP_DATA, block & 0xFFFF, reply, sent_at) - 4
            if length > blksize:
                raise TransferError(
                    f"DATA block {block} carries more than the {blksize}-byte block size",
                    TftpErrorCode.ILLEGAL_OPERATION,
                )
            if stats.bytes + length > self.max_bytes:
                raise TransferError(
                    f"upload exceeds the {self.max_bytes}-byte cap", TftpErrorCode.DISK_FULL
                )
            self.write(view[4 : 4 + length])
            stats.bytes += length
            stats.blocks += 1
            reply = HEADER.pack(OP_ACK, block & 0xFFFF)
            sent_at = self.send(reply)
            if length < blksize:
                self.final_ack = reply
                return
            block += 1

    def write(self, data: memoryview) -> None:
        """Write one block completely; a full disk is error 3 to the client."""
        try:
            while data:
                written = self.file.write(data) or 0
                data = data[written:]
        except OSError as exc:
            code = (
                TftpErrorCode.DISK_FULL if exc.errno == errno.ENOSPC else TftpErrorCode.NOT_DEFINED
            )
            raise TransferError(f"cannot write the upload ({exc.strerror})", code) from exc

    def linger(self) -> None:
        """Re-acknowledge a repeated last DATA for a while (the client may have lost our ACK)."""
        last = HEADER.unpack(self.final_ack)[1]
        end = time.monotonic() + self.settings.dally
        try:
            while (remaining := end - time.monotonic()) > 0:
                self.set_wait(remaining)
                if not self.readable(end):
                    continue
                try:
                    length, peer = self.sock.recvfrom_into(self.rxbuf)
                except OSError as exc:
                    self.receive_failed(exc)
                    continue
                if peer == self.client and length >= 4:
                    if HEADER.unpack_from(self.rxbuf) == (OP_DATA, last):
                        self.resend(self.final_ack)
                else:
                    self.other_datagram(peer, length)
        except TransferError:
            return
