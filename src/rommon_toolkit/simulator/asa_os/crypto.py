"""Trustpoints and their keys: `crypto ca trustpoint`, `crypto ca export|import ... pkcs12`,
`show crypto ca trustpoints|certificates` (texts/crypto.py; keys in keystore.py)."""

from __future__ import annotations

import time

from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import CONFIG_TP, Session
from rommon_toolkit.simulator.keystore import (
    Certificate,
    KeyEntry,
    Pkcs12Error,
    base64_lines,
    decode_base64,
    load_keystore,
    save_keystore,
    unwrap_pkcs12,
    wrap_pkcs12,
)
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts import crypto as ctext

MAX_PASTE_LINES = 10_000  # a 10 kB PKCS12 is ~200 lines; stop reading garbage well after that
DEFAULT_SUB_LINES = ("enrollment terminal", "crl configure")  # [C] default trustpoint lines


def _passphrase(word: str) -> str:
    """`"secret"` and `secret` are the same passphrase [C quoted form]."""
    if len(word) >= 2 and word[0] == word[-1] == '"':
        return word[1:-1]
    return word


def _pkcs12_args(args: Args) -> tuple[str, str]:
    """(trustpoint, passphrase) of `... TP pkcs12 PASS`."""
    words = args.texts
    if len(words) < 3:
        raise CommandError(text.INCOMPLETE)
    if words[1].lower() != "pkcs12":
        raise CommandError(text.INVALID_INPUT, args.column(1))
    return words[0], _passphrase(" ".join(words[2:]))


def cmd_trustpoint(session: Session, args: Args) -> None:
    """`crypto ca trustpoint NAME`: create it if new, enter `(config-ca-trustpoint)#`."""
    if len(args.words) != 1:
        raise CommandError(text.INCOMPLETE if not args.words else text.INVALID_INPUT)
    name = args.texts[0]
    if name not in session.config.trustpoints:
        session.config.trustpoints[name] = []
        session.changed()
    session.mode, session.trustpoint = CONFIG_TP, name


def cmd_no_trustpoint(session: Session, args: Args) -> None:
    """`no crypto ca trustpoint NAME`: the trustpoint, its certificates and its keys go."""
    if len(args.words) != 1:
        raise CommandError(text.INCOMPLETE)
    name = args.texts[0]
    if session.config.trustpoints.pop(name, None) is not None:
        session.changed()
    keys = load_keystore(session.ctx.state.root)
    if keys.pop(name, None) is not None:
        save_keystore(session.ctx.state.root, keys)


def cmd_trustpoint_line(session: Session, args: Args) -> None:
    """A sub-command of the trustpoint block (`enrollment terminal`, `keypair X`, ...): kept."""
    if session.trustpoint is None:
        raise CommandError(text.INVALID_INPUT, 0)
    line = " ".join((*args.keywords, *args.texts))
    lines = session.config.trustpoints.setdefault(session.trustpoint, [])
    if line not in lines:
        lines.append(line)
        session.changed()


def cmd_export(session: Session, args: Args) -> None:
    """`crypto ca export TP pkcs12 PASS`: the base64 PKCS12 between the markers [C]."""
    name, passphrase = _pkcs12_args(args)
    entry = load_keystore(session.ctx.state.root).get(name)
    if name not in session.config.trustpoints and entry is None:
        session.say(ctext.EXPORT_NO_TRUSTPOINT.format(name=name))
        return
    if entry is None:
        session.say(ctext.EXPORT_NO_KEYS.format(name=name))
        return
    blob = wrap_pkcs12(name, entry, passphrase)
    session.say(
        "",
        ctext.EXPORT_TITLE,
        ctext.PKCS12_BEGIN,
        *base64_lines(blob, ctext.BASE64_LINE),
        ctext.PKCS12_END,
    )


def _read_paste(session: Session) -> list[str]:
    lines: list[str] = []
    while len(lines) < MAX_PASTE_LINES:
        line = session.ctx.editor.read_line()
        if line.strip().lower() == ctext.IMPORT_END_WORD:
            break
        lines.append(line)
    return lines


def _yes_no(session: Session, prompt: str) -> bool:
    while True:
        answer = session.ask(prompt).strip().lower()
        if answer in ("yes", "no"):
            return answer == "yes"
        session.say(ctext.YES_NO_AGAIN)


def cmd_import(session: Session, args: Args) -> None:
    """`crypto ca import TP pkcs12 PASS`: paste, `quit`, the replace question when TP has keys."""
    name, passphrase = _pkcs12_args(args)
    session.say("", ctext.IMPORT_ENTER)
    pasted = _read_paste(session)
    root = session.ctx.state.root
    keys = load_keystore(root)
    if name in keys and not _yes_no(session, ctext.IMPORT_REPLACE.format(name=name)):
        session.say(ctext.IMPORT_ABORTED)
        return
    try:
        _, entry = unwrap_pkcs12(decode_base64(pasted), passphrase)
    except Pkcs12Error as error:
        session.say(ctext.IMPORT_BAD_PASSPHRASE if error.bad_passphrase else ctext.IMPORT_BAD_DATA)
        return
    keys[name] = entry
    save_keystore(root, keys)
    if name not in session.config.trustpoints:
        session.config.trustpoints[name] = list(DEFAULT_SUB_LINES)
    session.changed()
    session.say("", ctext.IMPORT_CA_ACCEPTED, ctext.IMPORT_OK, "")


def _cert_date(stamp: float) -> str:
    parts = time.strftime(ctext.CERT_DATE, time.gmtime(stamp)).split(" ")
    parts[3] = str(int(parts[3]))  # `Dec 3 2017`: the day is not zero-padded [C]
    return " ".join(parts)


def _certificate(kind: str, cert: Certificate, usage: str, trustpoint: str) -> str:
    return ctext.CERTIFICATE_BLOCK.format(
        kind=kind, serial=cert.serial, usage=usage, bits=cert.bits, issuer=cert.issuer,
        subject=cert.subject, start=_cert_date(cert.start), end=_cert_date(cert.end),
        trustpoint=trustpoint,
    )  # fmt: skip


def show_trustpoints(session: Session, only: str | None = None) -> str:
    """`show crypto ca trustpoints [TP]` [G] layout."""
    keys = load_keystore(session.ctx.state.root)
    names = [n for n in session.config.trustpoints if only is None or n == only]
    blocks = []
    for name in names:
        lines = ["", ctext.TRUSTPOINT_TITLE.format(name=name)]
        entry: KeyEntry | None = keys.get(name)
        if entry is None:
            lines.append(ctext.TRUSTPOINT_NOT_AUTHENTICATED)
        else:
            ca = entry.ca
            lines += [
                line.format(subject=ca.subject, serial=ca.serial)
                for line in ctext.TRUSTPOINT_SUBJECT
            ]
            lines.append(ctext.TRUSTPOINT_CONFIGURED)
        blocks.append("\n".join(lines))
    return "".join(f"{block}\n" for block in blocks)


def show_certificates(session: Session, only: str | None = None) -> str:
    """`show crypto ca certificates [TP]` [C] layout: identity, then CA certificate."""
    keys = load_keystore(session.ctx.state.root)
    out = []
    for name, entry in keys.items():
        if name not in session.config.trustpoints or (only is not None and name != only):
            continue
        out.append(_certificate("Certificate", entry.identity, "General Purpose", name))
        out.append(_certificate("CA Certificate", entry.ca, "Signature", name))
    return "\n".join(out)


def cmd_show_trustpoints(session: Session, args: Args) -> None:
    """`show crypto ca trustpoints [TP]`."""
    session.page(show_trustpoints(session, args.texts[0] if args.texts else None))


def cmd_show_certificates(session: Session, args: Args) -> None:
    """`show crypto ca certificates [TP]`."""
    session.page(show_certificates(session, args.texts[0] if args.texts else None))
