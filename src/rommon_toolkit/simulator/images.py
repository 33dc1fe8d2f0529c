"""Simulated images: a header, deterministic filler and an embedded SHA-512 trailer.

Layout (all sizes in bytes)::

    [0, 4096)          header: MAGIC, 4-byte big-endian JSON length, JSON, zero padding
    [4096, size - 72)  filler, deterministic from the header, written 1 MiB at a time
    [size - 72, size)  trailer: TRAILER_MAGIC + SHA-512 of everything before the trailer

`verify /sha-512` hashes the whole file (as the real ASA does); the signature check compares
the SHA-512 computed over the body with the embedded one, so one flipped byte anywhere fails.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rommon_toolkit.simulator.errors import ImageError
from rommon_toolkit.simulator.imagenames import AsaVersion, firmware_name, image_name
from rommon_toolkit.simulator.models import KENTON_MODELS, OLDER_MODELS, SALEEN_MODELS

MAGIC = b"\x7fSIMASA\x00"
HEADER_SIZE = 4096
TRAILER_MAGIC = b"SIMSIG\x00\x01"
TRAILER_SIZE = len(TRAILER_MAGIC) + 64
MIN_IMAGE_SIZE = HEADER_SIZE + TRAILER_SIZE
CHUNK = 1 << 20

# The signer block of Kenton images [C] (forensic guide, seed 001).
SIGNER_COMMON_NAME = "abraxas"
SIGNER_ORG_UNIT = "NCS_Kenton_ASA"
SIGNER_ORG_NAME = "CiscoSystems"
CERT_SERIAL_PRODUCTION = "68AFDEF8"  # [S] forensic guide (9.16 image)
CERT_SERIAL_FIRMWARE = "553156F4"  # [S] seed 001 (firmware 1.1.8)
CERT_SERIAL_SPECIAL = "1A2B3C4D"  # [NF] guess: no special-key capture


@dataclass(frozen=True)
class ImageInfo:
    """What the header of a simulated image says."""

    path: Path
    kind: str  # "asa" | "firmware"
    family: str  # "lfbff" | "smp" | "k8" | "firmware"
    version: str
    models: tuple[str, ...]
    key: str  # "production" | "special"
    signed: bool
    size: int
    cert_serial: str

    @property
    def image_type(self) -> str:
        """`Release` for production keys, `Development` for special ones (seed 004)."""
        return "Release" if self.key == "production" else "Development"


@dataclass(frozen=True)
class SignatureCheck:
    """Computed vs embedded SHA-512 of an image body."""

    computed: bytes
    embedded: bytes

    @property
    def valid(self) -> bool:
        """True when the file is intact."""
        return self.computed == self.embedded


def parse_size(text: str) -> int:
    """`110M`, `4MiB`, `2G`, `1500000` -> bytes (K/M/G are powers of 1024)."""
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    cleaned = text.strip().upper().removesuffix("IB").removesuffix("B")
    number, unit = cleaned, ""
    if cleaned and cleaned[-1] in "KMG":
        number, unit = cleaned[:-1], cleaned[-1]
    try:
        value = float(number) * units[unit]
    except ValueError:
        raise ImageError(f"size must look like 110M, 4M or 1500000, got {text!r}") from None
    return int(value)


def _models_for(family: str) -> tuple[str, ...]:
    if family in ("lfbff", "firmware"):
        return KENTON_MODELS
    if family == "smp":
        return SALEEN_MODELS
    return OLDER_MODELS


def _header(fields: dict[str, Any]) -> bytes:
    body = json.dumps(fields, sort_keys=True).encode()
    header = MAGIC + len(body).to_bytes(4, "big") + body
    if len(header) > HEADER_SIZE:
        raise ImageError("image header too large")
    return header.ljust(HEADER_SIZE, b"\x00")


def _filler_block(header: bytes) -> bytes:
    return hashlib.shake_256(header).digest(CHUNK)


def _write_image(path: Path, fields: dict[str, Any], size: int, *, corrupt: bool) -> Path:
    if size < MIN_IMAGE_SIZE:
        raise ImageError(f"image size must be at least {MIN_IMAGE_SIZE} bytes, got {size}")
    header = _header(fields)
    block = _filler_block(header)
    digest = hashlib.sha512(header)
    body_left = size - HEADER_SIZE - TRAILER_SIZE
    tmp = path.with_name(path.name + ".part")
    with tmp.open("wb") as out:
        out.write(header)
        index = 0
        while body_left > 0:
            piece = index.to_bytes(8, "big") + block[8 : min(CHUNK, body_left)]
            piece = piece[:body_left]
            out.write(piece)
            digest.update(piece)
            body_left -= len(piece)
            index += 1
        out.write(TRAILER_MAGIC + digest.digest())
    if corrupt:
        flip_byte(tmp, HEADER_SIZE + (size - MIN_IMAGE_SIZE) // 2)
    os.replace(tmp, path)
    return path


def flip_byte(path: Path, offset: int) -> None:
    """Invert one byte of a file in place (a realistic single-bit-class corruption)."""
    with path.open("r+b") as handle:
        handle.seek(offset)
        original = handle.read(1)
        if not original:
            raise ImageError(f"offset {offset} is past the end of {path}")
        handle.seek(offset)
        handle.write(bytes([original[0] ^ 0xFF]))


def make_image(
    out_dir: Path | str,
    model: str,
    version: str,
    size: int,
    *,
    kind: str = "asa",
    family: str = "lfbff",
    key: str = "production",
    corrupt: bool = False,
    name: str | None = None,
) -> Path:
    """Write a simulated image named as Cisco names it and return its path.

    `kind="firmware"` makes a ROMMON firmware file (`version` like `1.1.18`); otherwise an ASA
    image of `family` for `model`'s hardware family. `corrupt` flips one byte in the body.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if kind == "firmware":
        family = "firmware"
        file_name = name or firmware_name(version, key)
        serial = CERT_SERIAL_FIRMWARE
    elif kind == "asa":
        try:
            file_name = name or image_name(version, family, key)
            AsaVersion.parse(version)
        except ValueError as exc:
            raise ImageError(str(exc)) from exc
        serial = CERT_SERIAL_PRODUCTION
    else:
        raise ImageError(f"kind must be 'asa' or 'firmware', got {kind!r}")
    if key == "special":
        serial = CERT_SERIAL_SPECIAL
    fields: dict[str, Any] = {
        "format": 1,
        "kind": kind,
        "family": family,
        "version": version,
        "models": list(_models_for(family)),
        "target": model,
        "key": key,
        "signed": family in ("lfbff", "firmware"),
        "size": size,
        "cert_serial": serial,
    }
    return _write_image(out / file_name, fields, size, corrupt=corrupt)


def inspect_image(path: Path | str) -> ImageInfo:
    """Parse the header of a simulated image; ImageError if it is not one."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            head = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise ImageError(f"cannot read {file}: {exc.strerror}") from exc
    if len(head) < len(MAGIC) + 4 or not head.startswith(MAGIC):
        raise ImageError(f"{file.name} is not a simulated ASA image (no header)")
    length = int.from_bytes(head[len(MAGIC) : len(MAGIC) + 4], "big")
    try:
        fields = json.loads(head[len(MAGIC) + 4 : len(MAGIC) + 4 + length])
        return ImageInfo(
            path=file,
            kind=str(fields["kind"]),
            family=str(fields["family"]),
            version=str(fields["version"]),
            models=tuple(str(m) for m in fields["models"]),
            key=str(fields["key"]),
            signed=bool(fields["signed"]),
            size=int(fields["size"]),
            cert_serial=str(fields.get("cert_serial", CERT_SERIAL_PRODUCTION)),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise ImageError(f"{file.name} has a damaged image header") from exc


def check_signature(path: Path | str) -> SignatureCheck:
    """Hash the body and compare it with the embedded SHA-512 trailer."""
    file = Path(path)
    size = file.stat().st_size
    if size < MIN_IMAGE_SIZE:
        return SignatureCheck(computed=hashlib.sha512(file.read_bytes()).digest(), embedded=b"")
    digest = hashlib.sha512()
    left = size - TRAILER_SIZE
    with file.open("rb") as handle:
        while left > 0:
            piece = handle.read(min(CHUNK, left))
            if not piece:
                break
            digest.update(piece)
            left -= len(piece)
        trailer = handle.read(TRAILER_SIZE)
    embedded = trailer[len(TRAILER_MAGIC) :] if trailer.startswith(TRAILER_MAGIC) else b""
    return SignatureCheck(computed=digest.digest(), embedded=embedded)


def file_sha512(path: Path | str) -> str:
    """SHA-512 of a whole file, hex (what `verify /sha-512` prints)."""
    digest = hashlib.sha512()
    with Path(path).open("rb") as handle:
        while piece := handle.read(CHUNK):
            digest.update(piece)
    return digest.hexdigest()
