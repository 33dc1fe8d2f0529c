"""disk0 commands: `dir`, `show disk0:`, `delete`, `verify`, `more` (reference 4.2, 4.5)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.asa_os.signature import signature_lines, signed_info
from rommon_toolkit.simulator.disk import DiskEntry, DiskPathError
from rommon_toolkit.simulator.images import CHUNK
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts.release import dir_footer_with_count

VERIFY_SECONDS_PER_MB = 0.02  # simulated hashing time


def stamp(mtime: float) -> str:
    """`14:50:52 Apr 18 2021` [C]."""
    return time.strftime("%H:%M:%S %b %d %Y", time.gmtime(mtime))


def _resolve(session: Session, args: Args, index: int = 0) -> Path:
    try:
        return session.ctx.disk.resolve(args.texts[index])
    except (DiskPathError, IndexError):
        raise CommandError(text.INVALID_INPUT, args.column(index)) from None


def _row(entry: DiskEntry) -> str:
    return text.DIR_ROW.format(
        inode=entry.inode,
        perm="drwx" if entry.is_dir else "-rwx",
        size=entry.size,
        stamp=stamp(entry.mtime),
        name=entry.name,
    )


def dir_listing(session: Session, target: str | None) -> str:
    """The `dir` text for disk0 or a directory on it."""
    disk = session.ctx.disk
    base = disk.root
    if target and target.lower().rstrip("/") not in ("disk0:", "flash:"):
        base = disk.resolve(target)
    display = disk.display(base) + "/" if base != disk.root else "disk0:/"
    if not base.is_dir():
        return text.FILE_MISSING.format(path=display.rstrip("/")) + "\n"
    entries = disk.entries(base)
    lines = [text.DIR_HEADER.format(path=display)]
    lines += [_row(e) for e in entries]
    if not entries:
        lines.append(text.DIR_EMPTY)
    lines.append("")
    free, total = disk.free(), disk.total
    if dir_footer_with_count(session.boot.version):
        files = [e for e in entries if not e.is_dir]
        size = sum(e.size for e in files)
        lines.append(text.DIR_FOOTER_FILES.format(count=len(files), size=size))
        percent = free * 100 // total if total else 0
        lines.append(text.DIR_FOOTER_SPACE.format(total=total, free=free, percent=percent))
    else:
        lines.append(f"{total} bytes total ({free} bytes free)")
    return "\n".join(lines) + "\n"


def cmd_dir(session: Session, args: Args) -> None:
    """`dir [disk0:[/path]]`."""
    words = [w for w in args.texts if not w.startswith("/")]
    try:
        session.page(dir_listing(session, words[0] if words else None))
    except DiskPathError:
        raise CommandError(text.INVALID_INPUT, args.column(0)) from None


def cmd_show_disk(session: Session, _args: Args) -> None:
    """`show disk0:` / `show flash:` in the `--#--  --length--` layout [S]."""
    disk = session.ctx.disk
    lines = [text.SHOW_FLASH_HEADER]
    for index, entry in enumerate(disk.entries(), start=1):
        when = time.strftime("%b %d %Y %H:%M:%S", time.gmtime(entry.mtime))
        size = entry.size if not entry.is_dir else 0
        lines.append(
            text.SHOW_FLASH_ROW.format(index=index, size=size, stamp=when, path=entry.name)
        )
    used = disk.used()
    lines.append(text.SHOW_FLASH_FOOTER.format(free=disk.free(), used=used))
    session.page("\n".join(lines) + "\n")


def cmd_delete(session: Session, args: Args) -> None:
    """`delete [/noconfirm] [/recursive] disk0:/X`."""
    noconfirm = any(w.lower() == "/noconfirm" for w in args.texts)
    words = [w for w in args.texts if not w.startswith("/")]
    if not words:
        raise CommandError(text.INCOMPLETE)
    disk = session.ctx.disk
    try:
        path = disk.resolve(words[0])
    except DiskPathError:
        raise CommandError(text.INVALID_INPUT, args.column(args.texts.index(words[0]))) from None
    display = disk.display(path)
    if not noconfirm:
        answer = session.ask(text.DELETE_ASK_NAME.format(default=display[len("disk0:/") :]))
        if answer.strip():
            path = disk.resolve(answer.strip())
            display = disk.display(path)
        if not session.confirm(text.DELETE_CONFIRM.format(path=display)):
            return
    if path.is_dir():
        session.say(text.DELETE_IS_DIR.format(path=display))
        return
    if not path.is_file():
        session.say(text.DELETE_MISSING.format(path=display))
        return
    path.unlink()


def _bangs(session: Session, path: Path, digest: hashlib._Hash) -> None:
    """Hash `path` printing `!` per chunk, 77 a line, `Done!` glued to the last run [C]."""
    size = path.stat().st_size
    bang_every = text.VERIFY_BYTES_PER_BANG
    on_line = 0
    read = 0
    next_bang = bang_every
    with path.open("rb") as handle:
        while piece := handle.read(CHUNK):
            digest.update(piece)
            read += len(piece)
            while read >= next_bang:
                session.out("!")
                on_line += 1
                next_bang += bang_every
                if on_line == text.BANGS_PER_LINE:
                    session.out("\n")
                    on_line = 0
    session.ctx.pause(VERIFY_SECONDS_PER_MB * size / (1 << 20))
    session.say(text.DONE)


def cmd_verify(session: Session, args: Args) -> None:
    """`verify /sha-512 X`, `verify /md5 X [expected]`, `verify X` (signature)."""
    options = [w.lower() for w in args.texts if w.startswith("/")]
    words = [w for w in args.texts if not w.startswith("/")]
    if not words:
        raise CommandError(text.INCOMPLETE)
    disk = session.ctx.disk
    try:
        path = disk.resolve(words[0])
    except DiskPathError:
        raise CommandError(text.INVALID_INPUT, args.column(args.texts.index(words[0]))) from None
    display = disk.display(path)
    if not path.is_file():
        session.say(text.FILE_MISSING.format(path=display))
        return
    if "/sha-512" in options:
        digest = hashlib.sha512()
        _bangs(session, path, digest)
        session.say(text.VERIFY_RESULT.format(path=display, digest=digest.hexdigest()))
    elif "/md5" in options:
        md5 = hashlib.md5(usedforsecurity=False)
        _bangs(session, path, md5)
        got = md5.hexdigest()
        if len(words) > 1:
            match = words[1].lower() == got
            line = text.VERIFY_MD5_MATCH if match else text.VERIFY_MD5_MISMATCH
            session.say(line.format(path=display, digest=got))
        else:
            session.say(text.VERIFY_MD5_RESULT.format(path=display, digest=got))
    else:
        verify_signature(session, path, display)


def verify_signature(session: Session, path: Path, display: str) -> bool:
    """`Verifying file integrity of X`, the hash blocks and the verdict [C]."""
    session.say(text.VERIFYING_INTEGRITY.format(path=display))
    if signed_info(path) is None:
        session.say(text.SIGNATURE_ABSENT.format(path=display))
        return False
    valid, lines = signature_lines(path)
    session.say("", *lines)
    session.say(text.SIGNATURE_OK if valid else text.SIGNATURE_BAD.format(path=display))
    return valid


def cmd_more(session: Session, args: Args) -> None:
    """`more system:running-config`, `more disk0:/X` (text files)."""
    words = [w for w in args.texts if not w.startswith("/")]
    if not words:
        raise CommandError(text.INCOMPLETE)
    target = words[0]
    if target.lower() in ("system:running-config", "system:/running-config"):
        session.page(session.running_config())
        return
    if target.lower() in ("startup-config", "disk0:/startup-config"):
        session.page(session.ctx.state.startup_config() or "")
        return
    try:
        path = session.ctx.disk.resolve(target)
    except DiskPathError:
        raise CommandError(text.INVALID_INPUT, args.column(0)) from None
    if not path.is_file():
        session.say(text.FILE_MISSING.format(path=session.ctx.disk.display(path)))
        return
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    session.page(head.decode("latin-1").replace("\r\n", "\n"))
