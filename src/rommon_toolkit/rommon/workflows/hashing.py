"""SHA-512 of a local image with progress, and the expected value from the engineer."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from rommon_toolkit.rommon.errors import PreflightError

ProgressCallback = Callable[[int, int], None]  # (bytes done, bytes total)

_HEX512 = re.compile(r"\b([0-9a-fA-F]{128})\b")
_CHUNK = 1 << 20


def sha512_of(path: Path, on_progress: ProgressCallback | None = None) -> str:
    """Hex SHA-512 of a file, streamed (memory stays flat), reporting progress per chunk."""
    total = path.stat().st_size
    digest = hashlib.sha512()
    done = 0
    buffer = bytearray(_CHUNK)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as stream:
        while n := stream.readinto(buffer):
            digest.update(view[:n])
            done += n
            if on_progress is not None:
                on_progress(done, total)
    return digest.hexdigest()


def expected_sha512(hex_value: str | None, hash_file: Path | None, image_name: str) -> str | None:
    """The expected SHA-512 from `--sha512 HEX` or `--sha512-file F` (sha512sum format or bare)."""
    if hex_value and hash_file:
        raise PreflightError("give either --sha512 or --sha512-file, not both")
    if hex_value:
        value = hex_value.strip().lower()
        if not _HEX512.fullmatch(value):
            raise PreflightError(
                f"--sha512 is not a SHA-512 value ({len(value)} characters)",
                advice="a SHA-512 is 128 hexadecimal digits, as shown on Cisco's download page",
            )
        return value
    if hash_file is None:
        return None
    try:
        text = hash_file.read_text(errors="replace")
    except OSError as exc:
        raise PreflightError(f"cannot read {hash_file}: {exc.strerror}") from exc
    candidates = []
    for line in text.splitlines():
        match = _HEX512.search(line)
        if match:
            candidates.append((match.group(1).lower(), line))
    named = [value for value, line in candidates if image_name in line]
    if len(named) == 1 or (not named and len(candidates) == 1):
        return named[0] if named else candidates[0][0]
    raise PreflightError(
        f"{hash_file} does not hold exactly one SHA-512 for {image_name}",
        advice="give a file with one 128-digit hex value, or lines `HEX  FILENAME` (sha512sum)",
    )


def require_match(actual: str, expected: str | None, what: str) -> None:
    """Stop when a computed SHA-512 differs from the expected one."""
    if expected is not None and actual != expected:
        raise PreflightError(
            f"SHA-512 mismatch for {what}",
            problems=[f"expected {expected}", f"computed {actual}"],
            advice="the file is damaged or not the release you meant: download it again "
            "and compare with the value on Cisco's download page",
        )
