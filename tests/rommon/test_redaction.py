"""The ASA redaction rules mask only the secret itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from rommon_toolkit.console.redaction import secret_spans
from rommon_toolkit.console.replay import read_transcript
from rommon_toolkit.console.transcript import TranscriptWriter
from rommon_toolkit.rommon.decisions.redaction_rules import ASA_REDACTION_RULES


@pytest.mark.parametrize(
    ("line", "secrets"),
    [
        ("username admin password cisco privilege 15", ["cisco"]),
        ("enable password 8Ry2YjIyt7RRXU24 encrypted", ["8Ry2YjIyt7RRXU24"]),
        ("passwd 2KFQnbNIdI.2KYOU encrypted", ["2KFQnbNIdI.2KYOU"]),
        (" ikev1 pre-shared-key s3cret", ["s3cret"]),
        ("tacacs-server host 10.0.0.5 key t4c4cs", ["t4c4cs"]),
        (" message-digest-key 1 md5 0sp4", ["0sp4"]),
        ("snmp-server user u g v3 auth sha authpw priv aes 128 privpw", ["authpw", "privpw"]),
        ("snmp-server host inside 10.0.0.9 community publ1c", ["publ1c"]),
        ("username bob password a b c privilege 15", ["a b c"]),
        ("username bob password a b c", ["a b c"]),
        ("enable password x y level 15 pbkdf2", ["x y"]),
        ("ntp authentication-key 1 md5 NtpK3y", ["NtpK3y"]),
        ("ntp authentication-key 2 sha1 Sha1K3y encrypted", ["Sha1K3y"]),
        ("ntp trusted-key 1", []),
        ("ntp server 10.0.0.10 key 1 source inside", []),
        ("key config-key password-encryption NewK OldK", ["NewK", "OldK"]),
        ("New key: typed-echo", ["typed-echo"]),
        ("snmp-server community C0mm", ["C0mm"]),
        (" ikev2 local-authentication pre-shared-key hex 0a1b", ["0a1b"]),
        (" key RadiusK3y", ["RadiusK3y"]),
        (" ldap-login-password Ld4p Pw", ["Ld4p Pw"]),
        ("crypto ca export TP pkcs12 Exp0rt", ["Exp0rt"]),
        ('crypto ca import TP pkcs12 "s3cret"', ['"s3cret"']),
        ("crypto ca import TP pkcs12 a b nointeractive", ["a b"]),
        ("copy ftp://u:FtpPw@10.0.0.2/x disk0:/x", ["FtpPw"]),
        ("Source password [FtpPw]?", ["[FtpPw]?"]),
        ("Password: ********", ["********"]),
        ("no service password-recovery", []),
        ("disable password recovery", []),
        ("crypto key generate rsa modulus 2048", []),
        ("ciscoasa> ", []),
        ("verify /SHA-512 disk0:/asa984-22-lfbff-k8.SPA", []),
    ],
)
def test_only_the_secret_is_captured(line: str, secrets: list[str]) -> None:
    found = [line[a:b] for a, b in secret_spans(line, ASA_REDACTION_RULES)]
    assert found == secrets


def test_a_session_with_the_password_cisco_keeps_ciscoasa(tmp_path: Path) -> None:
    path = tmp_path / "asa.jsonl"
    writer = TranscriptWriter(path, "/dev/ttyACM0", ASA_REDACTION_RULES)
    writer.rx(b"ciscoasa(config)# ")
    writer.tx(b"enable password cisco\r")
    writer.rx(b"enable password cisco\r\nciscoasa(config)# ")
    writer.close()
    transcript = read_transcript(path)
    assert transcript.sent() == b"enable password ********\r"
    assert transcript.received() == (
        b"ciscoasa(config)# enable password ********\r\nciscoasa(config)# "
    )
    assert "cisco\\r" not in path.read_text()
