"""The catalog: exactly the files the server was given, looked up by name.

An entry is keyed by its file name. A request matches an entry by that exact name, or by its
last path component when the rest is a clean relative directory prefix (a ROMMON may ask for
`images/asa.SPA`). Entries are resolved (realpath) and fingerprinted (device, inode, size,
mtime, sha256) when the catalog is made, and re-checked at every open: a file that changed, was
removed, or was replaced by a symlink since is refused. Files are streamed, never read whole.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rommon_toolkit.tftp_server.errors import CatalogError, RequestRefusedError, TftpErrorCode
from rommon_toolkit.tftp_server.names import refuse, request_components

log = logging.getLogger(__name__)

_HASH_CHUNK = 1 << 20
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


@dataclass(frozen=True)
class CatalogEntry:
    """One servable file and the fingerprint it must still match when opened."""

    name: str
    path: Path
    size: int
    sha256: str
    mtime_ns: int
    device: int
    inode: int


class CatalogFile(io.FileIO):
    """An opened catalog file (a real, unbuffered file) that knows its entry."""

    def __init__(self, fd: int, entry: CatalogEntry) -> None:
        super().__init__(fd, "rb", closefd=True)
        self.entry = entry


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, streamed in 1 MiB chunks."""
    digest = hashlib.sha256()
    buffer = bytearray(_HASH_CHUNK)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as stream:
        while count := stream.readinto(view):
            digest.update(view[:count])
    return digest.hexdigest()


def make_entry(given: Path | str) -> CatalogEntry:
    """Resolve and fingerprint one file, or CatalogError saying why it cannot be served."""
    given_path = Path(given)
    name = given_path.name
    if not name.isascii() or not name.isprintable() or "\\" in name:
        raise CatalogError(
            f"{given_path}: the file name must be printable ASCII without backslashes",
            "TFTP clients can only ask for ASCII names: rename or copy the file",
        )
    resolved = Path(os.path.realpath(given_path))
    try:
        status = resolved.stat()
    except OSError as exc:
        raise CatalogError(
            f"{given_path}: {exc.strerror or exc}", "check the path of the file to serve"
        ) from exc
    if not resolved.is_file():
        raise CatalogError(f"{given_path}: not a regular file", "give the image file itself")
    try:
        digest = sha256_of(resolved)
    except OSError as exc:
        raise CatalogError(
            f"{given_path}: cannot be read ({exc.strerror or exc})", "check its permissions"
        ) from exc
    return CatalogEntry(
        name=name,
        path=resolved,
        size=status.st_size,
        sha256=digest,
        mtime_ns=status.st_mtime_ns,
        device=status.st_dev,
        inode=status.st_ino,
    )


class Catalog:
    """An allowlist of files, looked up by name; the only way the server reads a file."""

    def __init__(self, entries: Iterable[CatalogEntry]) -> None:
        self._entries: dict[str, CatalogEntry] = {}
        for entry in entries:
            if entry.name in self._entries:
                raise CatalogError(
                    f"two files are both named {entry.name!r}: "
                    f"{self._entries[entry.name].path} and {entry.path}",
                    "a client asks by file name only: serve one of them",
                )
            self._entries[entry.name] = entry

    @classmethod
    def from_paths(cls, paths: Iterable[Path | str]) -> Catalog:
        """Catalogue the given files (resolved, hashed); CatalogError for any bad one."""
        return cls(make_entry(path) for path in paths)

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> tuple[CatalogEntry, ...]:
        """The entries in the order they were given."""
        return tuple(self._entries.values())

    def lookup(self, requested: str) -> CatalogEntry:
        """The entry a request name designates, or RequestRefusedError (codes 1 or 2)."""
        parts = request_components(requested)
        entry = self._entries.get(parts[-1])
        if entry is None:
            raise RequestRefusedError(TftpErrorCode.FILE_NOT_FOUND, "not in the catalog")
        return entry

    def open_entry(self, entry: CatalogEntry) -> CatalogFile:
        """Open an entry if it still matches its fingerprint, else RequestRefusedError."""
        if os.path.realpath(entry.path) != str(entry.path):
            raise refuse(f"{entry.path} now resolves elsewhere (a symlink appeared on its path)")
        try:
            fd = os.open(entry.path, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno in {errno.ELOOP, errno.EMLINK}:
                raise refuse(f"{entry.path} was replaced by a symlink") from exc
            if exc.errno == errno.ENOENT:
                raise RequestRefusedError(
                    TftpErrorCode.FILE_NOT_FOUND, f"{entry.path} was removed"
                ) from exc
            raise refuse(f"{entry.path} cannot be opened ({exc.strerror})") from exc
        status = os.fstat(fd)
        now = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
        if now != (entry.device, entry.inode, entry.size, entry.mtime_ns):
            os.close(fd)
            raise refuse(
                f"{entry.path} changed since it was catalogued (restart the server to serve it)"
            )
        return CatalogFile(fd, entry)

    def open_for_client(
        self, path: str, raddress: str | None = None, rport: int | None = None
    ) -> CatalogFile:
        """tftpy's `dyn_file_func`: open what a client asked for, or RequestRefusedError."""
        entry = self.lookup(path)
        log.debug("%s:%s asked for %r -> %s", raddress, rport, path, entry.path)
        return self.open_entry(entry)
