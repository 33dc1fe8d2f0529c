"""A download session: the DATA/ACK hot path.

Per block: one `send` and one `recv_into` on the socket connected to the client (`sendto` and
`recvfrom_into` where it cannot be connected: `tid.py`), a `readinto` of the next block into the
spare buffer while the client answers (two preallocated buffers, headers packed in place; the
file is read ahead 64 KiB at a time), and integer counters in locals, published to `stats`
every 256 blocks (when strangers waiting on the other socket are answered too). The expected
ACK is recognised inline; anything else (a loss, a duplicate, a stranger, junk) goes to
`Session.await_packet`. No logging, no packet objects. Block numbers roll over 65535 -> 0 at
any block size.

Duplicate ACKs (Sorcerer's Apprentice): an ACK for the previous block never causes a send by
itself. It triggers one early retransmit of the outstanding block only when that block has been
out for at least the RTO floor (the duplicate is then evidence of a client timeout); a duplicate
made by the network, arriving right after our send, changes nothing.
"""

from __future__ import annotations

import io
import time

from rommon_toolkit.tftp_server.context import SessionContext
from rommon_toolkit.tftp_server.errors import TransferError
from rommon_toolkit.tftp_server.packets import HEADER, OP_ACK, OP_DATA
from rommon_toolkit.tftp_server.session import Session

# While the RTO sits at its floor (a LAN), the round trip is sampled on one block in 16; above
# it (a slow link, or backed off after a loss) on every block, so a backed-off RTO comes down
# at the next clean round trip. The rest of the fast path is one send and one receive.
_SAMPLE_MASK = 0xF
READ_AHEAD = 64 * 1024
# The counters in `stats` are brought up to date every 256 blocks (and off the fast path).
_PUBLISH_MASK = 0xFF
_LAST_BLOCK_NOTE = (
    " (every block was sent; only the acknowledgement of the last one is missing: the client "
    "may have finished and gone)"
)


class SendSession(Session):
    """Serves one file to one client."""

    def __init__(
        self, context: SessionContext, file: io.FileIO, oack: bytes | None, expected_size: int
    ) -> None:
        """`oack` is sent first when options were accepted (None: start with DATA 1)."""
        super().__init__(context)
        self.file = file
        # One read syscall per READ_AHEAD bytes instead of one per block.
        self.reader = io.BufferedReader(
            file, buffer_size=max(READ_AHEAD, 2 * context.stats.blksize)
        )
        self.oack = oack
        self.expected_size = expected_size

    def release(self, ok: bool) -> None:  # noqa: ARG002 (a download keeps nothing)
        self.reader.close()  # closes the file too

    def close_file(self) -> None:
        self.reader.close()

    def transfer(self) -> None:
        if self.oack is not None:
            self.send_and_wait(self.oack, 0)
        sent = self.send_blocks()
        if sent != self.expected_size:
            raise TransferError(
                f"the file changed while being served ({sent} bytes sent, "
                f"{self.expected_size} expected)",
                code=None,
            )

    def send_blocks(self) -> int:  # noqa: PLR0915 (the hot loop stays in one frame)
        """Send the file block by block; return the bytes sent.

        The byte and block counts are kept in locals and published to `stats` every 256 blocks,
        before the slow path, and at the end (they may live in shared memory: processes.py).
        """
        stats = self.stats
        blksize = stats.blksize
        buffers = (bytearray(4 + blksize), bytearray(4 + blksize))
        views = (memoryview(buffers[0]), memoryview(buffers[1]))
        payloads = (views[0][4:], views[1][4:])
        readinto = self.reader.readinto
        pack_into = HEADER.pack_into
        sock = self.sock
        connected = self.connected  # then send/recv_into: only the client reaches `sock`
        send = sock.send
        sendto = sock.sendto
        receive_any = sock.recvfrom_into
        receive = sock.recv_into
        serve_strangers = self.serve_strangers
        monotonic = time.monotonic
        client = self.client
        rxbuf = self.rxbuf
        timer = self.timer
        floor = timer.floor
        ack = bytearray(4)  # the ACK we wait for, compared whole: one test on the fast path
        which = 0
        count = readinto(payloads[0]) or 0
        pack_into(buffers[0], 0, OP_DATA, 1)
        block = 1
        done_bytes = done_blocks = 0
        self.set_wait(timer.rto)
        try:
            while True:
                last = count < blksize
                packet = views[which][: 4 + count] if last else views[which]
                try:
                    if connected:
                        send(packet)
                    else:
                        sendto(packet, client)
                except OSError as exc:
                    self.send_failed(exc)
                sent_at = monotonic()
                if last:
                    self.silence_note = _LAST_BLOCK_NOTE
                else:
                    spare = which ^ 1
                    next_count = readinto(payloads[spare]) or 0
                    pack_into(buffers[spare], 0, OP_DATA, (block + 1) & 0xFFFF)
                # Fast path: the next datagram is the client's ACK of this block.
                pack_into(ack, 0, OP_ACK, block & 0xFFFF)
                try:
                    if connected:
                        length, peer = receive(rxbuf), client
                    else:
                        length, peer = receive_any(rxbuf)
                except OSError as exc:
                    self.receive_failed(exc)
                    length, peer = -1, None
                if length == 4 and rxbuf[:4] == ack and peer == client:
                    if timer.rto > floor or not block & _SAMPLE_MASK:
                        timer.sample(monotonic() - sent_at)
                        self.set_wait(timer.rto)
                else:
                    stats.bytes, stats.blocks = done_bytes, done_blocks
                    if done_blocks:  # the previous block's ACK came just before this send
                        self.heard = True
                        self.last_heard = max(self.last_heard, sent_at)
                    self.await_packet(OP_ACK, block & 0xFFFF, packet, sent_at, (length, peer))
                    self.set_wait(timer.rto)
                done_bytes += count
                done_blocks += 1
                if last:
                    return done_bytes
                if not block & _PUBLISH_MASK:
                    stats.bytes, stats.blocks = done_bytes, done_blocks
                    if connected:
                        serve_strangers()
                block += 1
                which = spare
                count = next_count
        finally:
            stats.bytes, stats.blocks = done_bytes, done_blocks

    def send_and_wait(self, packet: bytes, expected: int) -> None:
        """Send a packet and wait for the ACK of `expected` (used for the OACK)."""
        self.await_packet(OP_ACK, expected, packet, self.send(packet))
