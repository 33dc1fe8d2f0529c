"""The signature-check block of `copy`, `verify` and `upgrade rommon` (reference 4.1, 4.2)."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.simulator.errors import ImageError
from rommon_toolkit.simulator.images import (
    SIGNER_COMMON_NAME,
    SIGNER_ORG_NAME,
    SIGNER_ORG_UNIT,
    ImageInfo,
    check_signature,
    inspect_image,
)
from rommon_toolkit.simulator.texts import asa as text


def hash_block(label: str, digest: bytes) -> list[str]:
    """`Computed Hash   SHA2: <32 hex>` and three continuation lines indented 22 spaces."""
    hexed = digest.hex()
    if not hexed:
        hexed = "0" * 128
    chunks = [hexed[i : i + 32] for i in range(0, len(hexed), 32)]
    lines = [text.HASH_FIRST.format(label=label, chunk=chunks[0])]
    lines += [text.HASH_INDENT + chunk for chunk in chunks[1:]]
    return lines


def signed_info(path: Path) -> ImageInfo | None:
    """The header of a signed simulated image, or None (unsigned or not an image)."""
    try:
        info = inspect_image(path)
    except ImageError:
        return None
    return info if info.signed else None


def signature_lines(path: Path) -> tuple[bool, list[str]]:
    """Hash the file: (valid, the Computed/Embedded block and the verdict line)."""
    check = check_signature(path)
    lines = [*hash_block("Computed", check.computed), ""]
    lines += [*hash_block("Embedded", check.embedded), ""]
    return check.valid, lines


def signer_lines(display: str, info: ImageInfo) -> list[str]:
    """The `File Name` / `Signer Information` block (seed 001)."""
    block = text.SIGNER_BLOCK.format(
        path=display,
        image_type=info.image_type,
        common_name=SIGNER_COMMON_NAME,
        org_unit=SIGNER_ORG_UNIT,
        org_name=SIGNER_ORG_NAME,
        serial=info.cert_serial,
        key_version="A",
    )
    return block.rstrip("\n").split("\n")
