"""Address preflight: every problem listed at once, suggestions from local interfaces."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Interface

import pytest

from rommon_toolkit.rommon.decisions.network import check_addressing
from rommon_toolkit.rommon.errors import PreflightError

LAPTOP = [IPv4Interface("192.168.1.10/24"), IPv4Interface("127.0.0.1/8")]


def test_same_subnet_is_accepted() -> None:
    result = check_addressing(
        "192.168.1.2", "255.255.255.0", "192.168.1.10", "192.168.1.10", local=LAPTOP
    )
    assert result.address == IPv4Address("192.168.1.2")
    assert str(result.network) == "192.168.1.0/24"
    assert result.filled_in == ()


def test_prefix_length_netmask_is_accepted() -> None:
    result = check_addressing("192.168.1.2", "24", "192.168.1.10", "192.168.1.10", local=LAPTOP)
    assert result.netmask == IPv4Address("255.255.255.0")


def test_server_and_gateway_are_filled_in_from_the_local_interface() -> None:
    result = check_addressing("192.168.1.2", "255.255.255.0", None, None, local=LAPTOP)
    assert result.server == IPv4Address("192.168.1.10")
    assert result.gateway == IPv4Address("192.168.1.10")
    assert len(result.filled_in) == 2


def test_remote_server_needs_a_gateway_inside_the_subnet() -> None:
    with pytest.raises(PreflightError) as caught:
        check_addressing("10.0.0.2", "255.255.255.0", "10.9.9.1", "192.168.1.10", local=LAPTOP)
    assert any("could reach neither" in p for p in caught.value.problems)


def test_remote_server_through_a_gateway_is_accepted() -> None:
    result = check_addressing("10.0.0.2", "255.255.255.0", "10.0.0.1", "192.168.1.10", local=LAPTOP)
    assert result.gateway == IPv4Address("10.0.0.1")


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(PreflightError) as caught:
        check_addressing("192.168.1.300", "255.0.255.0", None, "laptop", local=LAPTOP)
    problems = "\n".join(caught.value.problems)
    assert "ADDRESS '192.168.1.300' is not an IPv4 address" in problems
    assert "NETMASK '255.0.255.0' is not a valid mask" in problems
    assert "SERVER 'laptop' is not an IPv4 address" in problems
    assert "missing" not in problems  # no cascade of false "missing" after a wrong value
    assert "suggestion on 192.168.1.10/24: --server 192.168.1.10" in problems


def test_server_must_be_this_machine_unless_external() -> None:
    args = ("192.168.1.2", "255.255.255.0", "192.168.1.1", "192.168.1.20")
    with pytest.raises(PreflightError) as caught:
        check_addressing(*args, local=LAPTOP)
    assert any("not an address of this machine" in p for p in caught.value.problems)
    assert check_addressing(*args, local=LAPTOP, external_tftp=True).server == IPv4Address(
        "192.168.1.20"
    )


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("192.168.1.0", "network or broadcast"),
        ("192.168.1.255", "network or broadcast"),
        ("192.168.1.10", "ADDRESS and SERVER are both"),
    ],
)
def test_unusable_unit_addresses_are_refused(address: str, expected: str) -> None:
    with pytest.raises(PreflightError) as caught:
        check_addressing(address, "255.255.255.0", "192.168.1.10", "192.168.1.10", local=LAPTOP)
    assert any(expected in p for p in caught.value.problems)


def test_address_in_cidr_form_gives_the_netmask() -> None:
    result = check_addressing("192.168.1.2/24", None, None, None, local=LAPTOP)
    assert result.netmask == IPv4Address("255.255.255.0")
    assert result.server == IPv4Address("192.168.1.10")


def test_cidr_and_a_different_netmask_is_one_clear_problem() -> None:
    with pytest.raises(PreflightError) as caught:
        check_addressing("192.168.1.2/24", "255.255.0.0", None, None, local=LAPTOP)
    assert caught.value.problems[0].startswith("ADDRESS 192.168.1.2/24 says netmask 255.255.255.0")
    assert not any("missing" in p for p in caught.value.problems)


def test_a_bad_address_is_the_one_problem_reported() -> None:
    with pytest.raises(PreflightError) as caught:
        check_addressing("192.168.1.999", "255.255.255.0", None, None, local=LAPTOP)
    real = [p for p in caught.value.problems if not p.startswith("suggestion")]
    assert real == ["ADDRESS '192.168.1.999' is not an IPv4 address"]


def test_a_netmask_wider_than_a_slash_8_is_a_typo() -> None:
    with pytest.raises(PreflightError) as caught:
        check_addressing("192.168.1.2", "5", None, None, local=LAPTOP)
    assert "/5" in caught.value.problems[0]
    assert "did you mean 255.255.255.0" in caught.value.problems[0]


def test_gateway_outside_the_subnet_is_accepted_only_when_unused() -> None:
    result = check_addressing(
        "192.168.1.2", "255.255.255.0", "10.0.0.1", "192.168.1.10", local=LAPTOP
    )
    assert any("never used" in note for note in result.filled_in)
