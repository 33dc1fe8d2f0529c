"""The release-path rule, the checklist and the certificate/secret decisions."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.decisions.certificates import (
    masked_secrets,
    parse_trustpoints,
    pkcs12_block,
    pkcs12_body_lines,
)
from rommon_toolkit.rommon.decisions.upgrade_rules import (
    CHECKLIST,
    PathKind,
    Status,
    check_path_for_pair,
    mark,
    new_checklist,
    release_path,
)
from rommon_toolkit.rommon.errors import PreflightError


def test_a_point_release_within_9x_is_hitless() -> None:
    path = release_path((9, 14, 2, 15), (9, 16, 4, 85))
    assert path.kind is PathKind.POINT
    assert path.hitless
    check_path_for_pair(path)


def test_a_cross_major_jump_is_refused_for_a_pair_with_the_seed_explanation() -> None:
    path = release_path((8, 4, 7, 0), (9, 1, 7, 0))
    assert path.kind is PathKind.CROSS_MAJOR
    with pytest.raises(PreflightError) as caught:
        check_path_for_pair(path)
    assert "both units off-active" in caught.value.render()


def test_cisco_no_zero_downtime_targets_are_refused_for_a_pair() -> None:
    path = release_path((9, 1, 2, 0), (9, 1, 3, 0))
    assert path.kind is PathKind.POINT
    assert not path.hitless
    with pytest.raises(PreflightError) as caught:
        check_path_for_pair(path)
    assert "CSCug88962" in caught.value.render()


def test_downgrade_and_same() -> None:
    assert release_path((9, 16, 4, 85), (9, 14, 2, 15)).kind is PathKind.DOWNGRADE
    assert release_path((9, 16, 4, 85), (9, 16, 4, 85)).kind is PathKind.SAME


def test_the_checklist_holds_the_seeds_ten_points() -> None:
    assert sorted({item.seed for item in CHECKLIST}) == list(range(1, 11))
    checklist = new_checklist()
    assert checklist["release-notes"]["status"] == "operator"
    assert checklist["backup"]["status"] == "pending"
    mark(checklist, "staged", Status.PASSED, "active: copied")
    mark(checklist, "staged", Status.PASSED, "standby: already there")
    assert checklist["staged"]["detail"] == "active: copied; standby: already there"


SHOW_TRUSTPOINTS = """Trustpoint _SmartCallHome_ServerCA:
    Configured for production use.
Trustpoint ASDM-CERT:
    Subject Name:
    cn=asa
"""

# [C] cisco-texts §3.1 shape, body shortened
EXPORT = """
Exported pkcs12 follows:
-----BEGIN PKCS12-----
MIINBwIBAzCCDMEGCSqGSIb3DQEHAaCCDLIEggyuMIIMqjCCDKYGCSqGSIb3DQEH
igQUYrwnOuY3sdqQJONCYHZZ+IxNjb0CAgQA
-----END PKCS12-----
"""


def test_trustpoints_and_pkcs12_block() -> None:
    assert parse_trustpoints(SHOW_TRUSTPOINTS) == ["_SmartCallHome_ServerCA", "ASDM-CERT"]
    assert parse_trustpoints("", "crypto ca trustpoint VPN\n enrollment terminal\n") == ["VPN"]
    block = pkcs12_block(EXPORT.replace("\n", "\r\n"))
    assert block is not None
    assert block.startswith("-----BEGIN PKCS12-----\nMIIN")
    assert pkcs12_body_lines(block) == [
        "MIINBwIBAzCCDMEGCSqGSIb3DQEHAaCCDLIEggyuMIIMqjCCDKYGCSqGSIb3DQEH",
        "igQUYrwnOuY3sdqQJONCYHZZ+IxNjb0CAgQA",
    ]
    assert pkcs12_block("ERROR: no key pair\n") is None


def test_masked_secrets_are_listed_with_their_context() -> None:
    config = (
        "hostname asa\n"
        "tunnel-group 203.0.113.9 ipsec-attributes\n"
        " ikev1 pre-shared-key *****\n"
        "aaa-server ISE (inside) host 10.0.0.5\n"
        " key *****\n"
        "username admin password cisco123 privilege 15\n"
    )
    found = [(s.kind, s.context) for s in masked_secrets(config)]
    assert found == [
        ("VPN pre-shared key", "tunnel-group 203.0.113.9 ipsec-attributes"),
        ("AAA shared secret", "aaa-server ISE (inside) host 10.0.0.5"),
    ]
