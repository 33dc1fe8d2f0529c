#!/usr/bin/env python3
"""How fast `make_image` writes a 110 MB simulated image, against a plain peer.

The peer writes the same number of bytes in 1 MiB blocks and hashes them with SHA-512 (the
two things make_image must do); the ratio says how much overhead the image format adds.
Usage: scripts/bench_sim_images.py [SIZE]   (default 110M)
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rommon_toolkit.simulator.images import check_signature, make_image, parse_size


def peer(path: Path, size: int) -> None:
    """Write `size` bytes in 1 MiB blocks and SHA-512 them."""
    block = hashlib.shake_256(b"peer").digest(1 << 20)
    digest = hashlib.sha512()
    with path.open("wb") as out:
        left = size
        while left > 0:
            piece = block[: min(len(block), left)]
            out.write(piece)
            digest.update(piece)
            left -= len(piece)


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    size = parse_size(sys.argv[1] if len(sys.argv) > 1 else "110M")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        peer_s = timed(lambda: peer(base / "peer.bin", size))
        made: list[Path] = []
        make_s = timed(lambda: made.append(make_image(base, "asa5506", "9.16(4)85", size)))
        check_s = timed(lambda: check_signature(made[0]))
    print(f"size                 {size} bytes")
    print(f"peer write+sha512    {peer_s:.3f} s")
    print(f"make_image           {make_s:.3f} s  ratio {make_s / peer_s:.2f}")
    print(f"signature check      {check_s:.3f} s  ratio {check_s / peer_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
