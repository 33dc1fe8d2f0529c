"""No secret reaches a transcript: any split of the received stream, echoes, edits, long lines.

The received stream is a real-shaped `more system:running-config` full of secrets (and the
secret-carrying commands an engineer types); hypothesis cuts it into chunks at arbitrary
points, as a serial line does.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rommon_toolkit.console.redaction import MASK, secret_spans
from rommon_toolkit.console.replay import read_transcript
from rommon_toolkit.console.transcript import MAX_HELD_LINE, OVERFLOW_MARK, TranscriptWriter
from rommon_toolkit.rommon.decisions.redaction_rules import (
    ASA_REDACTION_RULES,
    ASA_TRIGGER,
    RULE_TABLE,
    SECRET_BLOCKS,
    SECRET_PROMPTS,
)
from tests.fixtures.secret_config import (
    PLAIN_LINES,
    RUNNING_CONFIG,
    SECRET_COMMANDS,
    SECRETS,
    device_output,
)

STREAM = device_output(
    "ciscoasa# more system:running-config\n" + RUNNING_CONFIG + SECRET_COMMANDS + "ciscoasa# "
)
HYPOTHESIS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _writer(path: Path) -> TranscriptWriter:
    return TranscriptWriter(
        path,
        "sim://asa5506",
        ASA_REDACTION_RULES,
        SECRET_PROMPTS,
        trigger=ASA_TRIGGER,
        secret_blocks=SECRET_BLOCKS,
    )


def _chunks(data: bytes, cuts: list[int]) -> list[bytes]:
    points = [0, *sorted({c for c in cuts if 0 < c < len(data)}), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(points)]


def _leaks(path: Path, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    """Secrets found in the file as written or in any record's data, decoded."""
    text = path.read_text()
    transcript = read_transcript(path)
    decoded = (transcript.received() + b"\n" + transcript.sent()).decode("latin-1")
    words = {w for s in secrets for w in s.split() if len(w) >= 4}  # parts of spaced secrets
    found = [s for s in secrets if s in text or s in decoded]
    found += [w for w in sorted(words) if w in decoded]
    return found


def _received(path: Path) -> bytes:
    return read_transcript(path).received()


def test_the_running_config_in_one_chunk_has_no_secret_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "one.jsonl"
    writer = _writer(path)
    writer.rx(STREAM)
    writer.close()
    assert _leaks(path) == []
    received = _received(path).decode("latin-1")
    for line in PLAIN_LINES:
        assert f"{line}\r\n" in received
    assert "username bob password ******** privilege 15\r\n" in received
    assert "ntp authentication-key 1 md5 ********\r\n" in received
    assert "ntp server 10.0.0.10 key 1 source inside prefer\r\n" in received


def test_each_line_of_a_multi_line_chunk_is_masked(tmp_path: Path) -> None:
    """The bug: only the first line of a chunk was masked."""
    path = tmp_path / "lines.jsonl"
    writer = _writer(path)
    writer.rx(b"username a password First1 privilege 15\r\nusername b password Second2\r\n")
    writer.close()
    assert _received(path) == (
        b"username a password ******** privilege 15\r\nusername b password ********\r\n"
    )


@HYPOTHESIS
@given(cuts=st.lists(st.integers(min_value=1, max_value=len(STREAM) - 1), max_size=80))
def test_no_secret_survives_any_split_of_the_received_stream(
    tmp_path: Path, cuts: list[int]
) -> None:
    whole = tmp_path / "whole.jsonl"
    writer = _writer(whole)
    writer.rx(STREAM)
    writer.close()
    split = tmp_path / "split.jsonl"
    writer = _writer(split)
    chunks = _chunks(STREAM, cuts)
    for chunk in chunks:
        writer.rx(chunk)
    writer.close()
    assert _leaks(split) == []
    assert _received(split) == _received(whole)  # the split changes nothing
    rx = [r for r in read_transcript(split).records if r.direction == "rx"]
    assert len(rx) == len(chunks)  # still one record per chunk, as received


def test_byte_at_a_time_hides_every_secret(tmp_path: Path) -> None:
    path = tmp_path / "bytes.jsonl"
    writer = _writer(path)
    for byte in STREAM:
        writer.rx(bytes([byte]))
    writer.close()
    assert _leaks(path) == []


@HYPOTHESIS
@given(
    offset=st.integers(min_value=MAX_HELD_LINE - 40, max_value=MAX_HELD_LINE + 40),
    cuts=st.lists(st.integers(min_value=1, max_value=MAX_HELD_LINE + 200), max_size=20),
)
def test_a_line_longer_than_the_hold_limit_is_never_written_as_it_stands(
    tmp_path: Path, offset: int, cuts: list[int]
) -> None:
    line = b"!" * offset + b" username u password L0ngLineSecret privilege 15" + b"." * 300
    data = line + b"\r\nciscoasa# "
    path = tmp_path / "long.jsonl"
    writer = _writer(path)
    for chunk in _chunks(data, cuts):
        writer.rx(chunk)
    writer.close()
    assert "L0ngLine" not in path.read_text()
    received = _received(path)
    assert received == OVERFLOW_MARK.encode() + b"\r\nciscoasa# "


def test_typed_secrets_edited_with_backspace_are_masked_in_tx_and_echo(tmp_path: Path) -> None:
    path = tmp_path / "edited.jsonl"
    writer = _writer(path)
    writer.rx(b"ciscoasa(config)# ")
    typed = b"username bob password Ed1tXz\x7f\x7fedPw privilege 15\r"
    for key in typed:
        writer.tx(bytes([key]))
    # the ASA echoes each erase as BS SP BS
    writer.rx(typed.replace(b"\x7f", b"\x08 \x08")[:-1] + b"\r\n")
    writer.rx(b"ciscoasa(config)# ")
    writer.close()
    transcript = read_transcript(path)
    assert transcript.sent() == b"username bob password ******** privilege 15\r"
    assert transcript.received() == (
        b"ciscoasa(config)# username bob password ******** privilege 15\r\nciscoasa(config)# "
    )


def test_an_erase_after_the_last_secret_character_leaves_nothing_readable(
    tmp_path: Path,
) -> None:
    path = tmp_path / "tail.jsonl"
    writer = _writer(path)
    writer.rx(b"enable password Wr0ngTail\x08 \x08\x08 \x08\r\n")
    writer.close()
    assert _received(path) == b"enable password ********\r\n"


def test_the_echo_of_a_secret_sent_is_masked_across_chunks(tmp_path: Path) -> None:
    path = tmp_path / "echo.jsonl"
    writer = TranscriptWriter(path, "loop://")  # no rules at all: the echo is still hidden
    writer.rx(b"ciscoasa> enable\r\nPass")
    writer.rx(b"word: ")
    writer.tx(b"Ech0edPw\r", secret=True)
    for chunk in (b"Ech", b"0ed", b"Pw\r", b"\nciscoasa# "):
        writer.rx(chunk)
    writer.close()
    transcript = read_transcript(path)
    assert "Ech0edPw" not in path.read_text()
    assert transcript.received() == b"ciscoasa> enable\r\nPassword: ********\r\nciscoasa# "
    assert transcript.sent() == MASK.encode()


def test_an_echo_that_came_before_the_send_was_recorded_is_masked(tmp_path: Path) -> None:
    """The interactive console records a typed secret at Enter, after its echo arrived."""
    path = tmp_path / "early.jsonl"
    writer = TranscriptWriter(path, "loop://")
    writer.rx(b"Password: ")
    writer.rx(b"Ear1yEcho")
    writer.tx(b"Ear1yEcho\r", secret=True)
    writer.rx(b"\r\nciscoasa# ")
    writer.close()
    assert "Ear1yEcho" not in path.read_text()


def test_a_secret_that_is_not_echoed_leaves_the_prompt_alone(tmp_path: Path) -> None:
    path = tmp_path / "noecho.jsonl"
    writer = TranscriptWriter(path, "loop://")
    writer.rx(b"Password: ")
    writer.tx(b"cisco\r", secret=True)
    writer.rx(b"\r\nciscoasa# ")
    writer.rx(b"show version\r\nciscoasa# ")
    writer.close()
    assert _received(path) == b"Password: \r\nciscoasa# show version\r\nciscoasa# "


def test_a_line_typed_at_a_new_key_prompt_is_masked_whole(tmp_path: Path) -> None:
    path = tmp_path / "prompt.jsonl"
    writer = _writer(path)
    writer.rx(b"ciscoasa(config)# ")
    writer.tx(b"key config-key password-encryption\r")
    writer.rx(b"key config-key password-encryption\r\nNew key: ")
    for key in b"Mast3r key\r":
        writer.tx(bytes([key]))
        writer.rx(bytes([key]))  # a console server echoing what is typed
    writer.rx(b"\nConfirm key: ")
    writer.tx(b"Mast3r key\r")
    writer.rx(b"\r\nciscoasa(config)# ")
    writer.close()
    transcript = read_transcript(path)
    assert "Mast3r" not in path.read_text()
    assert transcript.sent() == b"key config-key password-encryption\r********\r********\r"
    assert b"New key: ********\r\nConfirm key: \r\nciscoasa(config)# " in transcript.received()


def test_the_transcript_lines_stay_valid_json_with_masks(tmp_path: Path) -> None:
    path = tmp_path / "json.jsonl"
    writer = _writer(path)
    writer.rx(STREAM[:3000])
    writer.close()
    for line in path.read_text().splitlines():
        json.loads(line)


TYPED = (
    b"key config-key password-encryption MasterPassNew1 MasterPassOld0\r",
    b"crypto ca import TP-NEW pkcs12 Pkcs12 Imp0rt nointeractive\r",
    b"username bob password Sp4ce y W0rds privilege 15\r",
    b"snmp-server community C0mmunitY\r",
    b"ntp authentication-key 2 sha1 NtpSha1K3y\r",
)


@HYPOTHESIS
@given(data=st.data())
def test_typed_secrets_and_their_echo_are_hidden_however_both_are_split(
    tmp_path: Path, data: st.DataObject
) -> None:
    path = tmp_path / "typed.jsonl"
    writer = _writer(path)
    try:  # a draw may end the example early: the file is closed either way
        writer.rx(b"ciscoasa(config)# ")
        for line in TYPED:
            cuts = data.draw(st.lists(st.integers(1, len(line) - 1), max_size=8))
            for chunk in _chunks(line, cuts):
                writer.tx(chunk)
                echo = chunk.replace(b"\r", b"\r\n")
                echo_cuts = data.draw(st.lists(st.integers(1, max(1, len(echo) - 1)), max_size=3))
                for piece in _chunks(echo, echo_cuts):
                    writer.rx(piece)
            writer.rx(b"ciscoasa(config)# ")
    finally:
        writer.close()
    assert _leaks(path) == []
    transcript = read_transcript(path)
    assert b"username bob password ******** privilege 15\r" in transcript.sent()
    assert b"username bob password ******** privilege 15\r\n" in transcript.received()


def test_every_rule_names_a_trigger_word() -> None:
    for what, pattern in RULE_TABLE:
        assert any(word in pattern.lower() for word in ASA_TRIGGER), what


FRAGMENTS = (
    "username ",
    "bob ",
    "password ",
    "Passw",
    "ord: ",
    "a b ",
    "privilege 15",
    " key ",
    "ntp authentication-key 1 md5 ",
    "community ",
    "ftp://u:",
    "@h/",
    "PSK",
    "pre-shared-key ",
    "\x08",
    "\x7f",
    " ",
    "x",
    "?",
    "[",
    "]?",
    "config-key password-encryption ",
    "pkcs12 ",
    "crypto ca import T ",
    "auth sha ",
    "priv aes 128 ",
    "ldap-login-password ",
    "\x1b[K",
)


@HYPOTHESIS
@given(parts=st.lists(st.sampled_from(FRAGMENTS), max_size=12))
def test_the_trigger_words_never_hide_a_secret_from_the_rules(parts: list[str]) -> None:
    line = "".join(parts) + "\r"
    assert secret_spans(line, ASA_REDACTION_RULES, trigger=ASA_TRIGGER) == secret_spans(
        line, ASA_REDACTION_RULES
    )


PKCS12_BODY = (
    "MIINBwIBAzCCDMEGCSqGSIb3DQEHAaCCDLIEggyuMIIMqjCCDKYGCSqGSIb3DQEH",
    "BqCCDJcwggyTAgEAMIIMjAYJKoZIhvcNAQcBMBsGCiqGSIb3DQEMAQMwDQQIZdkc",
    "igQUYrwnOuY3sdqQJONCYHZZ+IxNjb0CAgQA",
)
EXPORT = device_output(
    "ciscoasa(config)# crypto ca export TP pkcs12 Pkcs12Exp0rt\n\nExported pkcs12 follows:\n"
    "-----BEGIN PKCS12-----\n" + "\n".join(PKCS12_BODY) + "\n-----END PKCS12-----\n"
    "ciscoasa(config)# "
)


@HYPOTHESIS
@given(cuts=st.lists(st.integers(min_value=1, max_value=len(EXPORT) - 1), max_size=30))
def test_an_exported_pkcs12_body_is_masked_however_it_is_split(
    tmp_path: Path, cuts: list[int]
) -> None:
    path = tmp_path / "export.jsonl"
    writer = _writer(path)
    for chunk in _chunks(EXPORT, cuts):
        writer.rx(chunk)
    writer.close()
    assert _leaks(path, (*PKCS12_BODY, "Pkcs12Exp0rt")) == []
    received = _received(path)
    assert b"-----BEGIN PKCS12-----\r\n********\r\n********\r\n********\r\n" in received
    assert received.endswith(b"-----END PKCS12-----\r\nciscoasa(config)# ")


def test_a_pasted_pkcs12_and_its_echo_are_masked_until_quit(tmp_path: Path) -> None:
    path = tmp_path / "import.jsonl"
    writer = _writer(path)
    writer.rx(b"ciscoasa(config)# ")
    writer.tx(b"crypto ca import TP pkcs12 Pkcs12Imp\r")
    writer.rx(b"crypto ca import TP pkcs12 Pkcs12Imp\r\n\r\nEnter the base 64 encoded pkcs12.\r\n")
    writer.rx(b'End with the word "quit" on a line by itself:\r\n')
    for line in (*PKCS12_BODY, "quit"):
        writer.tx(line.encode() + b"\r")
    for line in (*PKCS12_BODY, "quit"):  # the echo comes after the paste
        writer.rx(line.encode() + b"\r\n")
    writer.rx(b"INFO: Import PKCS12 operation completed successfully\r\nciscoasa(config)# ")
    writer.tx(b"show crypto ca certificates\r")
    writer.close()
    assert _leaks(path, (*PKCS12_BODY, "Pkcs12Imp")) == []
    transcript = read_transcript(path)
    assert transcript.sent().endswith(
        b"********\r********\r********\rquit\rshow crypto ca certificates\r"
    )
    assert (
        b"quit\r\nINFO: Import PKCS12 operation completed successfully\r\n" in transcript.received()
    )
