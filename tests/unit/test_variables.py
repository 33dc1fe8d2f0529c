"""`set` read-back parsing (both ROMMON generations) and the diff against the plan."""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.variables import (
    assignment_commands,
    diff_variables,
    parse_set_output,
)

KENTON_SET = """    ADDRESS=192.168.1.2
    NETMASK=255.255.255.0
    GATEWAY=192.168.1.10
    SERVER=192.168.1.10
    IMAGE=asa9-16-4-85-lfbff-k8.SPA
    CONFIG=
    PS1="rommon ! > "
"""

OLD_SET = """ROMMON Variable Settings:
  ADDRESS=10.86.118.3
  SERVER=10.86.118.21
  GATEWAY=10.86.118.21
  PORT=GigabitEthernet0/0
  VLAN=untagged
  IMAGE=asa961-smp-k8.bin
  CONFIG=
  LINKTIMEOUT=20
  PKTTIMEOUT=4
  RETRY=20
"""

PLAN = {
    "ADDRESS": "192.168.1.2",
    "NETMASK": "255.255.255.0",
    "GATEWAY": "192.168.1.10",
    "SERVER": "192.168.1.10",
    "IMAGE": "asa9-16-4-85-lfbff-k8.SPA",
}


def test_kenton_set_parses_with_quotes_removed() -> None:
    found = parse_set_output(KENTON_SET)
    assert found["PS1"] == "rommon ! > "
    assert found["CONFIG"] == ""
    assert diff_variables(PLAN, found) == []


def test_old_rommon_set_parses() -> None:
    found = parse_set_output(OLD_SET)
    assert found["PORT"] == "GigabitEthernet0/0"
    assert found["RETRY"] == "20"
    assert "NETMASK" not in found


def test_diff_reports_wrong_and_missing_values() -> None:
    found = parse_set_output(KENTON_SET.replace("192.168.1.2\n", "192.168.1.3\n"))
    del found["IMAGE"]
    differences = diff_variables(PLAN, found)
    assert [d.name for d in differences] == ["ADDRESS", "IMAGE"]
    assert differences[0].describe() == ("ADDRESS: planned '192.168.1.2', reads back '192.168.1.3'")
    assert differences[1].describe() == (
        "IMAGE: planned 'asa9-16-4-85-lfbff-k8.SPA', missing from `set`"
    )


def test_assignments_are_sent_in_reference_order() -> None:
    shuffled = dict(reversed(list(PLAN.items())))
    assert assignment_commands(shuffled) == [
        "ADDRESS=192.168.1.2",
        "NETMASK=255.255.255.0",
        "GATEWAY=192.168.1.10",
        "SERVER=192.168.1.10",
        "IMAGE=asa9-16-4-85-lfbff-k8.SPA",
    ]
