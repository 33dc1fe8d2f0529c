"""The upload policy: where write requests may land, and how big they may be.

Uploads are refused unless a policy is given. With one, a client may send a plain file name
(no directories; the same refusals as for reads), which is created in the policy's directory
only, with O_CREAT|O_EXCL|O_NOFOLLOW: an existing name (or a symlink) is never written through;
the upload gets the next free name instead (`name.1`, `name.2`, ...). Files are created 0600
(uploads are often configs holding secrets). The size cap is enforced by the receiving session
(error 3, partial file removed).

A policy may be narrowed to the exact names expected (`names`) and to the addresses allowed to
send them (`clients`): `backup --tftp` accepts only `running-config-<stamp>.cfg` from the unit.
"""

from __future__ import annotations

import contextlib
import errno
import io
import ipaddress
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from rommon_toolkit.tftp_server.errors import RequestRefusedError, TftpErrorCode, UploadPolicyError
from rommon_toolkit.tftp_server.names import plain_file_name, refuse

log = logging.getLogger(__name__)

_CREATE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_MAX_SUFFIX = 999


class UploadFile(io.FileIO):
    """A newly created upload file; `remove()` deletes it (partial or refused uploads)."""

    def __init__(self, fd: int, path: Path, requested: str) -> None:
        super().__init__(fd, "wb", closefd=True)
        self.path = path
        self.requested = requested

    def remove(self) -> None:
        """Close and delete the file (used when the upload did not complete)."""
        self.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class UploadPolicy:
    """Uploads land in `directory` only, never overwrite, and stop at `max_bytes`.

    `names`: the only names accepted (None: any plain name); `clients`: the only IPv4
    addresses allowed to upload (None: any).
    """

    def __init__(
        self,
        directory: Path | str,
        max_bytes: int,
        *,
        names: Iterable[str] | None = None,
        clients: Iterable[str] | None = None,
    ) -> None:
        if max_bytes <= 0:
            raise UploadPolicyError(
                f"upload size cap must be positive, not {max_bytes}",
                "give the largest upload you expect in bytes (a config backup: 1000000)",
            )
        resolved = Path(os.path.realpath(directory))
        if not resolved.is_dir():
            raise UploadPolicyError(
                f"upload directory {directory} does not exist or is not a directory",
                f"create it first (mkdir -p {directory})",
            )
        if not os.access(resolved, os.W_OK | os.X_OK):
            raise UploadPolicyError(
                f"upload directory {resolved} is not writable by this user",
                "choose a directory you own",
            )
        self.directory = resolved
        self.max_bytes = max_bytes
        self.names = None if names is None else frozenset(_expected(n) for n in names)
        self.clients = None if clients is None else frozenset(_address(c) for c in clients)
        status = resolved.stat()
        self._identity = (status.st_dev, status.st_ino)

    def open_for_client(self, path: str, client: tuple[str, int] | None = None) -> UploadFile:
        """Create a new file for an upload from `client`, or RequestRefusedError."""
        if self.clients is not None and (client is None or client[0] not in self.clients):
            allowed = ", ".join(sorted(self.clients)) or "no address"
            raise refuse(
                f"uploads are accepted from {allowed} only",
                public="uploads are not accepted from this address",
            )
        name = plain_file_name(path)
        if self.names is not None and name not in self.names:
            raise refuse(
                f"only {', '.join(sorted(self.names)) or 'no name'} may be uploaded",
                public="this name is not expected",
            )
        log.debug("upload %r from %s -> %s", path, client, self.directory)
        status = os.stat(self.directory, follow_symlinks=False)
        if (status.st_dev, status.st_ino) != self._identity:
            raise refuse(
                f"upload directory {self.directory} was replaced since the start",
                public="the upload directory was replaced",
            )
        for suffix in range(_MAX_SUFFIX + 1):
            candidate = self.directory / (name if suffix == 0 else f"{name}.{suffix}")
            try:
                fd = os.open(candidate, _CREATE_FLAGS, 0o600)  # a config upload holds secrets
            except FileExistsError:
                continue
            except OSError as exc:
                code = TftpErrorCode.DISK_FULL if exc.errno == errno.ENOSPC else None
                raise RequestRefusedError(
                    code or TftpErrorCode.ACCESS_VIOLATION,
                    f"cannot create {candidate} ({exc.strerror})",
                    public=f"cannot create the file ({exc.strerror})",
                ) from exc
            return UploadFile(fd, candidate, path)
        raise RequestRefusedError(
            TftpErrorCode.FILE_EXISTS, f"{name} and {_MAX_SUFFIX} numbered copies exist already"
        )


def _expected(name: str) -> str:
    try:
        return plain_file_name(name)
    except RequestRefusedError as exc:
        raise UploadPolicyError(
            f"{name!r} cannot be an expected upload name: {exc.reason}", "give a plain file name"
        ) from exc


def _address(text: str) -> str:
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError as exc:
        raise UploadPolicyError(
            f"{text!r} is not an IPv4 address", "give the unit's address, e.g. 192.168.1.1"
        ) from exc
