"""The catalog: exactly the files the server was given, looked up by name.

An entry is keyed by its file name. A request matches an entry by that exact name, or by its
last path component when the rest is a clean relative directory prefix (a ROMMON may ask for
`images/asa.SPA`). Entries are resolved (realpath) and fingerprinted (device, inode, size,
mtime, ctime, sha256) when the catalog is made. Every open re-checks: a file removed or
replaced by a symlink is refused; a file whose fingerprint changed (or that changed so recently
that a same-tick rewrite could hide, as git's "racily clean" index entries) is hashed again, and
served only if its sha256 is still the catalogued one; otherwise it is refused with an error log
naming both digests. Files are streamed, never read whole.
"""

from __future__ import annotations

import errno
import hashlib
import io
import logging
import os
import threading
import time
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
    ctime_ns: int = 0
    hashed_at_ns: int = 0


class CatalogFile(io.FileIO):
    """An opened catalog file (a real, unbuffered file) that knows its entry."""

    def __init__(self, fd: int, entry: CatalogEntry) -> None:
        super().__init__(fd, "rb", closefd=True)
        self.entry = entry


# A change stamped less than this before a hash began may hide in the same timestamp tick
# (coarse kernel clocks; 2 s covers FAT): such a file is hashed again at the next open.
RACY_WINDOW_NS = 2_000_000_000

Fingerprint = tuple[int, int, int, int, int]
"""(device, inode, size, mtime_ns, ctime_ns) of a file."""


def fingerprint_of(status: os.stat_result) -> Fingerprint:
    """What must not change between a hash and an open."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, streamed in 1 MiB chunks."""
    with path.open("rb", buffering=0) as stream:
        return sha256_of_fd(stream.fileno())


def sha256_of_fd(fd: int) -> str:
    """Hex sha256 of an open file from offset 0 (pread: the file offset is left alone)."""
    digest = hashlib.sha256()
    offset = 0
    while chunk := os.pread(fd, _HASH_CHUNK, offset):
        digest.update(chunk)
        offset += len(chunk)
    return digest.hexdigest()


def _racy(status: os.stat_result, hashed_at_ns: int) -> bool:
    return max(status.st_mtime_ns, status.st_ctime_ns) >= hashed_at_ns - RACY_WINDOW_NS


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
    hashed_at = time.time_ns()
    try:
        digest = sha256_of(resolved)
        after = resolved.stat()
    except OSError as exc:
        raise CatalogError(
            f"{given_path}: cannot be read ({exc.strerror or exc})", "check its permissions"
        ) from exc
    if fingerprint_of(after) != fingerprint_of(status):
        raise CatalogError(
            f"{given_path}: changed while it was being hashed",
            "wait until the file is completely written (copied, downloaded), then start again",
        )
    return CatalogEntry(
        name=name,
        path=resolved,
        size=status.st_size,
        sha256=digest,
        mtime_ns=status.st_mtime_ns,
        device=status.st_dev,
        inode=status.st_ino,
        ctime_ns=status.st_ctime_ns,
        hashed_at_ns=hashed_at,
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
        # the fingerprint each entry was last verified at (its sha256 re-checked), and when
        self._verified: dict[str, tuple[Fingerprint, int]] = {
            entry.name: (
                (entry.device, entry.inode, entry.size, entry.mtime_ns, entry.ctime_ns),
                entry.hashed_at_ns,
            )
            for entry in self._entries.values()
        }
        self._lock = threading.Lock()

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
        """Open an entry if its content is still the catalogued one, else RequestRefusedError."""
        if os.path.realpath(entry.path) != str(entry.path):
            raise refuse(
                f"{entry.path} now resolves elsewhere (a symlink appeared on its path)",
                public="the file was moved since the server started",
            )
        try:
            fd = os.open(entry.path, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno in {errno.ELOOP, errno.EMLINK}:
                raise refuse(
                    f"{entry.path} was replaced by a symlink", public="the file was replaced"
                ) from exc
            if exc.errno == errno.ENOENT:
                raise RequestRefusedError(
                    TftpErrorCode.FILE_NOT_FOUND,
                    f"{entry.path} was removed",
                    public="the file was removed since the server started",
                ) from exc
            raise refuse(
                f"{entry.path} cannot be opened ({exc.strerror})",
                public=f"cannot be opened ({exc.strerror})",
            ) from exc
        try:
            self._verify(entry, fd)
        except BaseException:
            os.close(fd)
            raise
        return CatalogFile(fd, entry)

    def _verify(self, entry: CatalogEntry, fd: int) -> None:
        """Re-hash when the fingerprint moved or the last hash may be racy; refuse a change."""
        status = os.fstat(fd)
        now = fingerprint_of(status)
        with self._lock:
            known, hashed_at = self._verified[entry.name]
        if now == known and not _racy(status, hashed_at):
            return
        started = time.time_ns()
        try:
            digest = sha256_of_fd(fd)
        except OSError as exc:
            raise refuse(
                f"{entry.path} cannot be read ({exc.strerror})",
                public=f"cannot be read ({exc.strerror})",
            ) from exc
        if fingerprint_of(os.fstat(fd)) != now:
            raise refuse(
                f"{entry.path} is being changed right now",
                public="the file is being changed on the server",
            )
        if digest != entry.sha256:
            log.error(
                "%s changed since it was catalogued: sha256 is now %s, was %s; refused "
                "(restart the server to serve the new content)",
                entry.path,
                digest,
                entry.sha256,
            )
            raise refuse(
                f"{entry.path} changed since it was catalogued (sha256 now {digest[:16]}..., "
                f"catalogued {entry.sha256[:16]}...; restart the server to serve it)",
                public="the file changed since the server started",
            )
        if now != known:
            log.info("%s was touched but its sha256 is unchanged: serving it", entry.path)
        with self._lock:
            self._verified[entry.name] = (now, started)

    def open_for_client(
        self, path: str, raddress: str | None = None, rport: int | None = None
    ) -> CatalogFile:
        """Open what a client asked for, or RequestRefusedError."""
        entry = self.lookup(path)
        log.debug("%s:%s asked for %r -> %s", raddress, rport, path, entry.path)
        return self.open_entry(entry)
