"""The bench inventory is validated as a whole, every problem listed before any unit is touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.workflows.inventory import load_inventory

GOOD = """
[shared]
image = "asa9-16-4-85-lfbff-k8.SPA"
server = "192.168.1.10"
netmask = "255.255.255.0"
gateway = "192.168.1.10"
firmware = "asa5500-firmware-1118.SPA"

[[unit]]
name = "lab-01"
port = "/dev/ttyACM0"
model = "asa5506"
address = "192.168.1.21"
job = "recover"

[[unit]]
name = "lab-02"
port = "socket://cs:7002"
job = "upgrade-firmware"
"""


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "asa9-16-4-85-lfbff-k8.SPA").write_bytes(b"x")
    (tmp_path / "asa964-45-smp-k8.bin").write_bytes(b"x")
    path = tmp_path / "bench.toml"
    path.write_text(text)
    return path


def test_good_inventory_loads_with_paths_relative_to_it(tmp_path: Path) -> None:
    inventory = load_inventory(_write(tmp_path, GOOD))
    assert [u.name for u in inventory.units] == ["lab-01", "lab-02"]
    first = inventory.units[0]
    assert first.image == tmp_path / "asa9-16-4-85-lfbff-k8.SPA"
    assert first.model is not None
    assert first.model.model == "ASA5506"
    assert inventory.firmware == tmp_path / "asa5500-firmware-1118.SPA"


def test_every_problem_is_listed(tmp_path: Path) -> None:
    bad = (
        GOOD
        + """
[[unit]]
name = "lab-01"
port = "/dev/ttyACM0"
model = "asa5506"
address = "192.168.1.10"
job = "recover"
image = "asa964-45-smp-k8.bin"

[[unit]]
name = "lab-04"
port = "/dev/ttyACM3"
job = "reimage"
colour = "red"
"""
    )
    with pytest.raises(PreflightError) as caught:
        load_inventory(_write(tmp_path, bad))
    problems = "\n".join(caught.value.problems)
    assert "name lab-01 is also used by lab-01" in problems
    assert "port /dev/ttyACM0 is also used by lab-01" in problems
    assert "address 192.168.1.10 is the server or gateway" in problems
    assert "`smp` image" in problems
    assert "job 'reimage' is not one of" in problems
    assert "unknown key 'colour'" in problems
    assert "no unit was touched" in caught.value.message


def test_recover_needs_an_address_and_an_existing_image(tmp_path: Path) -> None:
    text = '[shared]\nimage = "missing.SPA"\n[[unit]]\nname = "a"\nport = "p"\njob = "recover"\n'
    with pytest.raises(PreflightError) as caught:
        load_inventory(_write(tmp_path, text))
    problems = "\n".join(caught.value.problems)
    assert "needs the unit's `address`" in problems
    assert "missing.SPA does not exist" in problems


def test_a_release_outside_the_range_is_listed_with_or_without_a_model(tmp_path: Path) -> None:
    (tmp_path / "asa9-18-1-lfbff-k8.SPA").write_bytes(b"x")
    text = """
[shared]
image = "asa9-18-1-lfbff-k8.SPA"
server = "192.168.1.10"
netmask = "255.255.255.0"

[[unit]]
name = "with-model"
port = "/dev/ttyACM0"
model = "asa5508"
address = "192.168.1.21"
job = "recover"

[[unit]]
name = "no-model"
port = "/dev/ttyACM1"
address = "192.168.1.22"
job = "recover"
"""
    with pytest.raises(PreflightError) as caught:
        load_inventory(_write(tmp_path, text))
    rendered = caught.value.render()
    assert "with-model" in rendered
    assert "ASA5508 runs ASA 9.3(3) to 9.16(x)" in rendered
    assert "no-model" in rendered
    assert "none of the supported models runs" in rendered


UPGRADE_PAIR = """
[[unit]]
name = "edge-pair"
port = "socket://cs:7003"
peer-port = "socket://cs:7004"
peer-address = "192.168.1.32"
address = "192.168.1.31"
restore-active = true
job = "upgrade"
"""


def test_an_upgrade_job_takes_a_peer_and_needs_a_hash(tmp_path: Path) -> None:
    with pytest.raises(PreflightError) as refused:
        load_inventory(_write(tmp_path, GOOD + UPGRADE_PAIR))
    assert any("job upgrade needs the image's sha512" in p for p in refused.value.problems)
    hashed = GOOD.replace("[shared]\n", '[shared]\nsha512 = "' + "ab" * 64 + '"\n')
    inventory = load_inventory(_write(tmp_path, hashed + UPGRADE_PAIR))
    pair = inventory.units[-1]
    assert pair.peer_port == "socket://cs:7004"
    assert pair.peer_address == "192.168.1.32"
    assert pair.restore_active


def test_peer_keys_belong_to_upgrade_and_peer_ports_are_unique(tmp_path: Path) -> None:
    bad = (
        GOOD
        + UPGRADE_PAIR.replace('"socket://cs:7004"', '"/dev/ttyACM0"')
        + (
            '\n[[unit]]\nname = "lab-05"\nport = "socket://cs:7005"\njob = "backup"\n'
            'peer-port = "socket://cs:7006"\n'
        )
    )
    with pytest.raises(PreflightError) as refused:
        load_inventory(_write(tmp_path, bad))
    problems = refused.value.problems
    assert "edge-pair: port /dev/ttyACM0 is also used by lab-01" in problems
    assert "unit 4 (lab-05): peer-port is for job upgrade only" in problems
