"""The unit's keys and certificates per trustpoint, persisted outside the configuration.

On a real ASA the private keys live in a keystore of their own, not in the running config;
here keystore.json in the state dir. `crypto ca export` wraps an entry in a PKCS#12-shaped,
passphrase-protected blob (base64 starts `MII...`, as a real one does); `crypto ca import`
unwraps it. The blob is the simulator's own container (no ASN.1 inside after the header): the
toolkit only stores and replays it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rommon_toolkit.simulator.errors import StateError
from rommon_toolkit.simulator.state import write_atomic

KEYSTORE_FILE = "keystore.json"
KDF_ITERATIONS = 2048
MAGIC = b"SIMPKCS12v1"
VALIDITY_SECONDS = 2 * 365 * 86400
_LOCK = threading.Lock()


class Pkcs12Error(ValueError):
    """The pasted block is no PKCS12 of ours (`bad_passphrase`: it is, the passphrase is wrong)."""

    def __init__(self, message: str, *, bad_passphrase: bool = False) -> None:
        super().__init__(message)
        self.bad_passphrase = bad_passphrase


@dataclass(frozen=True)
class Certificate:
    """What `show crypto ca certificates` prints of one certificate."""

    serial: str
    subject: str
    issuer: str
    start: float
    end: float
    bits: int = 2048

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Certificate:
        """From keystore.json or an imported blob."""
        return cls(
            serial=str(data["serial"]),
            subject=str(data["subject"]),
            issuer=str(data["issuer"]),
            start=float(data["start"]),
            end=float(data["end"]),
            bits=int(data.get("bits", 2048)),
        )


@dataclass(frozen=True)
class KeyEntry:
    """One trustpoint's keypair, identity certificate and issuing CA certificate."""

    key: str  # the private key material (random hex: nothing real is signed with it)
    identity: Certificate
    ca: Certificate

    def as_json(self) -> dict[str, Any]:
        """For keystore.json."""
        return {"key": self.key, "identity": asdict(self.identity), "ca": asdict(self.ca)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyEntry:
        """From keystore.json."""
        return cls(
            key=str(data["key"]),
            identity=Certificate.from_json(data["identity"]),
            ca=Certificate.from_json(data["ca"]),
        )


def new_entry(
    subject: str, issuer: str = "cn=Lab Issuing CA", now: float | None = None
) -> KeyEntry:
    """A fresh keypair with an identity certificate from `issuer` (a provisioning helper)."""
    start = time.time() if now is None else now
    identity = Certificate(
        serial=secrets.token_hex(9), subject=subject, issuer=issuer,
        start=start, end=start + VALIDITY_SECONDS,
    )  # fmt: skip
    ca = Certificate(
        serial=secrets.token_hex(8), subject=issuer, issuer="cn=Lab Root CA",
        start=start - 86400, end=start + 5 * VALIDITY_SECONDS,
    )  # fmt: skip
    return KeyEntry(key=secrets.token_hex(32), identity=identity, ca=ca)


def load_keystore(root: Path) -> dict[str, KeyEntry]:
    """Trustpoint name -> entry (empty when the unit holds no keys)."""
    path = root / KEYSTORE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StateError(f"{path} is unreadable ({exc}); fix or delete it") from exc
    try:
        return {str(k): KeyEntry.from_json(v) for k, v in data.get("trustpoints", {}).items()}
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise StateError(f"{path} is not a keystore ({exc}); fix or delete it") from exc


def save_keystore(root: Path, entries: dict[str, KeyEntry]) -> None:
    """Persist the keystore (atomic)."""
    data = {"trustpoints": {name: entry.as_json() for name, entry in sorted(entries.items())}}
    with _LOCK:
        write_atomic(root / KEYSTORE_FILE, json.dumps(data, indent=2).encode())


# -- the PKCS12-shaped container ----------------------------------------------------------------
def _keys(passphrase: str, salt: bytes) -> tuple[bytes, bytes]:
    material = hashlib.pbkdf2_hmac("sha256", passphrase.encode(), salt, KDF_ITERATIONS, 64)
    return material[:32], material[32:]


def _stream(key: bytes, size: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(key + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:size])


def _der_length(size: int) -> bytes:
    return b"\x82" + size.to_bytes(2, "big")


def wrap_pkcs12(name: str, entry: KeyEntry, passphrase: str) -> bytes:
    """The binary blob `crypto ca export` prints in base64."""
    plain = json.dumps({"trustpoint": name, **entry.as_json()}).encode()
    salt = secrets.token_bytes(16)
    enc_key, mac_key = _keys(passphrase, salt)
    cipher = bytes(a ^ b for a, b in zip(plain, _stream(enc_key, len(plain)), strict=True))
    tag = hmac.new(mac_key, cipher, hashlib.sha256).digest()
    body = MAGIC + salt + tag + cipher
    octets = b"\x04" + _der_length(len(body)) + body
    inner = b"\x02\x01\x03" + octets  # version 3, as a PKCS#12 PFX starts
    return b"\x30" + _der_length(len(inner)) + inner


def unwrap_pkcs12(blob: bytes, passphrase: str) -> tuple[str, KeyEntry]:
    """(trustpoint name at export, entry); Pkcs12Error when it is not ours or the pass is wrong."""
    header = 4 + 3 + 4
    if len(blob) < header + len(MAGIC) + 48 or blob[:2] != b"\x30\x82":
        raise Pkcs12Error("not a PKCS12 container")
    body = blob[header:]
    if not body.startswith(MAGIC):
        raise Pkcs12Error("not a PKCS12 container made by an ASA")
    salt = body[len(MAGIC) : len(MAGIC) + 16]
    tag = body[len(MAGIC) + 16 : len(MAGIC) + 48]
    cipher = body[len(MAGIC) + 48 :]
    enc_key, mac_key = _keys(passphrase, salt)
    if not hmac.compare_digest(tag, hmac.new(mac_key, cipher, hashlib.sha256).digest()):
        raise Pkcs12Error("wrong passphrase", bad_passphrase=True)
    plain = bytes(a ^ b for a, b in zip(cipher, _stream(enc_key, len(cipher)), strict=True))
    try:
        data = json.loads(plain)
        return str(data["trustpoint"]), KeyEntry.from_json(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise Pkcs12Error(f"damaged PKCS12 contents ({exc})") from exc


def base64_lines(blob: bytes, width: int) -> list[str]:
    """The blob in base64, `width` characters a line."""
    text = base64.b64encode(blob).decode()
    return [text[i : i + width] for i in range(0, len(text), width)]


def decode_base64(lines: list[str]) -> bytes:
    """The pasted lines back to bytes (PEM markers and blanks ignored); Pkcs12Error if garbled."""
    text = "".join(line.strip() for line in lines if line.strip() and not line.startswith("---"))
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Pkcs12Error(f"not base64 ({exc})") from exc
