"""Port listing over pyserial's own ListPortInfo objects, adapter marks and `auto`."""

from __future__ import annotations

import pytest
from serial.tools.list_ports_common import ListPortInfo

from rommon_toolkit.console.errors import AmbiguousPortError, PortNotFoundError
from rommon_toolkit.console.ports import KNOWN_ADAPTERS, PortInfo, list_ports, resolve_auto


def usb_port(device: str, vid: int, pid: int, serial_number: str = "X1") -> ListPortInfo:
    info = ListPortInfo(device, skip_link_detection=True)
    info.vid, info.pid, info.serial_number = vid, pid, serial_number
    info.product = "USB serial"
    info.apply_usb_info()
    return info


def plain_port(device: str) -> ListPortInfo:
    return ListPortInfo(device, skip_link_detection=True)


def test_required_adapters_are_known() -> None:
    for vid_pid in [
        (0x05A6, 0x0009),
        (0x0403, 0x6001),
        (0x0403, 0x6010),
        (0x0403, 0x6011),
        (0x0403, 0x6014),
        (0x0403, 0x6015),
        (0x067B, 0x2303),
        (0x067B, 0x23A3),
        (0x10C4, 0xEA60),
        (0x10C4, 0xEA70),
        (0x1A86, 0x7523),
        (0x1A86, 0x5523),
    ]:
        assert vid_pid in KNOWN_ADAPTERS
    assert KNOWN_ADAPTERS[(0x05A6, 0x0009)] == "Cisco USB console"


def test_listing_marks_known_adapters_and_sorts() -> None:
    ports = list_ports(
        lambda: [
            usb_port("/dev/ttyUSB0", 0x1A86, 0x7523),
            usb_port("/dev/ttyACM0", 0x05A6, 0x0009, "FOC123"),
            plain_port("/dev/ttyS4"),
        ]
    )
    assert [p.device for p in ports] == ["/dev/ttyACM0", "/dev/ttyS4", "/dev/ttyUSB0"]
    cisco = ports[0]
    assert cisco.adapter == "Cisco USB console"
    assert cisco.vid_pid == "05a6:0009"
    assert cisco.serial_number == "FOC123"
    assert cisco.description == "USB serial"
    assert ports[1] == PortInfo("/dev/ttyS4", "", None, None, None, None)
    assert ports[2].adapter == "WCH CH340"


def test_list_ports_really_asks_pyserial() -> None:
    assert all(isinstance(p, PortInfo) and p.device for p in list_ports())


def test_auto_prefers_the_one_known_adapter() -> None:
    ports = list_ports(
        lambda: [
            usb_port("/dev/ttyACM0", 0x05A6, 0x0009),
            usb_port("/dev/ttyUSB3", 0x2341, 0x0043),
            plain_port("/dev/ttyS0"),
        ]
    )
    assert resolve_auto(ports) == "/dev/ttyACM0"


def test_auto_falls_back_to_the_only_usb_port() -> None:
    ports = list_ports(lambda: [usb_port("/dev/ttyUSB3", 0x2341, 0x0043), plain_port("/dev/ttyS0")])
    assert resolve_auto(ports) == "/dev/ttyUSB3"


def test_auto_with_two_adapters_lists_the_candidates() -> None:
    ports = list_ports(
        lambda: [usb_port("/dev/ttyUSB0", 0x0403, 0x6001), usb_port("/dev/ttyUSB1", 0x067B, 0x2303)]
    )
    with pytest.raises(AmbiguousPortError) as caught:
        resolve_auto(ports)
    assert caught.value.candidates == ["/dev/ttyUSB0", "/dev/ttyUSB1"]
    assert "/dev/ttyUSB0, /dev/ttyUSB1" in caught.value.advice


def test_auto_with_nothing_console_like_says_so() -> None:
    with pytest.raises(PortNotFoundError) as caught:
        resolve_auto(list_ports(lambda: [plain_port("/dev/ttyS0")]))
    assert "found no console adapter" in caught.value.message
    assert caught.value.available == ["/dev/ttyS0"]
