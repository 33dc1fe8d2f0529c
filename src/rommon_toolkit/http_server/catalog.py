"""The catalog: exactly the files the server was given, looked up by their file name.

Each entry is resolved (realpath) and fingerprinted (device, inode, size, mtime, ctime,
sha256) when the catalog is made. Every open checks again: a file removed, or replaced by a
symlink, is refused; a file whose fingerprint moved (or that changed so recently before its
last hash that a same-tick rewrite could hide) is hashed again and served only if its sha256
is still the catalogued one. Files are streamed from the opened descriptor, never read whole,
so a rename over the path after the open cannot change what is sent.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from rommon_toolkit.http_server.errors import CatalogError, RequestRefusedError

log = logging.getLogger(__name__)

HASH_CHUNK = 1 << 20
# A change stamped less than this before a hash began may hide in the same timestamp tick
# (coarse file-system clocks; 2 s covers FAT): such a file is hashed again at the next open.
RACY_WINDOW_NS = 2_000_000_000
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)

Fingerprint = tuple[int, int, int, int, int]
"""(device, inode, size, mtime_ns, ctime_ns)."""


def fingerprint(status: os.stat_result) -> Fingerprint:
    """What must not change between a hash and an open."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def sha256_of_fd(fd: int) -> str:
    """Hex sha256 of an open file from offset 0 (pread: the file offset is left alone)."""
    digest = hashlib.sha256()
    offset = 0
    while piece := os.pread(fd, HASH_CHUNK, offset):
        digest.update(piece)
        offset += len(piece)
    return digest.hexdigest()


@dataclass(frozen=True)
class CatalogEntry:
    """One servable file and the fingerprint it must still match when opened."""

    name: str
    path: Path
    size: int
    sha256: str
    fingerprint: Fingerprint
    hashed_at_ns: int


def _racy(status: os.stat_result, hashed_at_ns: int) -> bool:
    return max(status.st_mtime_ns, status.st_ctime_ns) >= hashed_at_ns - RACY_WINDOW_NS


def make_entry(given: Path | str) -> CatalogEntry:
    """Resolve and fingerprint one file, or CatalogError saying why it cannot be served."""
    given_path = Path(given)
    name = given_path.name
    if not name.isascii() or not name.isprintable() or "\\" in name or "%" in name:
        raise CatalogError(
            f"{given_path}: the file name must be printable ASCII without '\\' or '%'",
            "the unit asks for the file by its name in a URL: rename or copy the file",
        )
    resolved = Path(os.path.realpath(given_path))
    try:
        fd = os.open(resolved, _OPEN_FLAGS)
    except OSError as exc:
        raise CatalogError(
            f"{given_path}: {exc.strerror or exc}", "check the path of the file to serve"
        ) from exc
    try:
        status = os.fstat(fd)
        if not os.path.isfile(resolved) or (status.st_mode & 0o170000) != 0o100000:
            raise CatalogError(f"{given_path}: not a regular file", "give the image file itself")
        hashed_at = time.time_ns()
        digest = sha256_of_fd(fd)
        after = os.fstat(fd)
    except OSError as exc:
        raise CatalogError(
            f"{given_path}: cannot be read ({exc.strerror or exc})", "check its permissions"
        ) from exc
    finally:
        os.close(fd)
    if fingerprint(after) != fingerprint(status):
        raise CatalogError(
            f"{given_path}: changed while it was being hashed",
            "wait until the file is completely written (copied, downloaded), then start again",
        )
    return CatalogEntry(name, resolved, status.st_size, digest, fingerprint(status), hashed_at)


class OpenedFile:
    """An opened catalog file: its descriptor (the caller closes it) and its entry."""

    def __init__(self, fd: int, entry: CatalogEntry) -> None:
        self.fd = fd
        self.entry = entry

    def close(self) -> None:
        os.close(self.fd)


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
        self._verified = {e.name: (e.fingerprint, e.hashed_at_ns) for e in self._entries.values()}
        self._lock = threading.Lock()

    @classmethod
    def from_paths(cls, paths: Iterable[Path | str]) -> Catalog:
        """Catalogue the given files (resolved, hashed); CatalogError for any bad one."""
        return cls(make_entry(path) for path in paths)

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def lookup(self, name: str) -> CatalogEntry:
        """The entry named exactly `name`, or RequestRefusedError (404)."""
        entry = self._entries.get(name)
        if entry is None:
            raise RequestRefusedError(HTTPStatus.NOT_FOUND, "not in the catalog")
        return entry

    def open(self, entry: CatalogEntry) -> OpenedFile:
        """Open `entry` if its content is still the catalogued one, else RequestRefusedError."""
        if os.path.realpath(entry.path) != str(entry.path):
            raise _gone(f"{entry.path} now resolves elsewhere (a symlink appeared on its path)")
        try:
            fd = os.open(entry.path, _OPEN_FLAGS)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                raise RequestRefusedError(
                    HTTPStatus.NOT_FOUND,
                    f"{entry.path} was removed",
                    public="the file was removed since the server started",
                ) from exc
            if exc.errno in {errno.ELOOP, errno.EMLINK}:
                raise _gone(f"{entry.path} was replaced by a symlink") from exc
            raise _gone(f"{entry.path} cannot be opened ({exc.strerror})") from exc
        try:
            self._verify(entry, fd)
        except BaseException:
            os.close(fd)
            raise
        return OpenedFile(fd, entry)

    def _verify(self, entry: CatalogEntry, fd: int) -> None:
        status = os.fstat(fd)
        now = fingerprint(status)
        with self._lock:
            known, hashed_at = self._verified[entry.name]
        if now == known and not _racy(status, hashed_at):
            return
        started = time.time_ns()
        try:
            digest = sha256_of_fd(fd)
        except OSError as exc:
            raise _gone(f"{entry.path} cannot be read ({exc.strerror})") from exc
        if fingerprint(os.fstat(fd)) != now:
            raise _gone(f"{entry.path} is being changed right now")
        if digest != entry.sha256:
            log.error(
                "%s changed since it was catalogued: sha256 is now %s, was %s; refused "
                "(restart the server to serve the new content)",
                entry.path,
                digest,
                entry.sha256,
            )
            raise _gone(
                f"{entry.path} changed since it was catalogued (sha256 now {digest[:16]}..., "
                f"catalogued {entry.sha256[:16]}...; restart the server to serve it)"
            )
        with self._lock:
            self._verified[entry.name] = (now, started)


def _gone(reason: str) -> RequestRefusedError:
    """The catalogued file is no longer what was catalogued: 410, no server path told."""
    return RequestRefusedError(
        HTTPStatus.GONE, reason, public="the file changed or moved since the server started"
    )
