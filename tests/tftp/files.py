"""Test files for TFTP transfers: seeded pseudo-random content and its sha256.

Shared by the TFTP tests and `scripts/bench_tftp.py`.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

MIB = 1 << 20


def write_random(path: Path, size: int, seed: int) -> str:
    """Write `size` seeded pseudo-random bytes (fast, reproducible); return the sha256."""
    generator = random.Random(seed)
    digest = hashlib.sha256()
    with path.open("wb") as stream:
        left = size
        while left:
            chunk = generator.randbytes(min(left, 4 * MIB))
            stream.write(chunk)
            digest.update(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(MIB):
            digest.update(chunk)
    return digest.hexdigest()
