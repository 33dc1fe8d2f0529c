"""The bundled server tells listeners the port the OS chose (how a virtual unit learns it)."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.rommon.workflows import bundled_tftp
from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink, tell_about_servers


def test_a_link_on_port_0_announces_its_bound_port_and_withdraws_it(tmp_path: Path) -> None:
    image = tmp_path / "img.SPA"
    image.write_bytes(b"image")
    started: list[tuple[str, int]] = []
    stopped: list[tuple[str, int]] = []

    def on_start(host: str, port: int) -> None:
        started.append((host, port))

    def on_stop(host: str, port: int) -> None:
        stopped.append((host, port))

    tell_about_servers(on_start, on_stop)
    tell_about_servers(on_start, on_stop)  # told twice, called once
    try:
        link = TftpLink([image], "127.0.0.1", 0).start()
        try:
            assert started == [("127.0.0.1", link.port)]
            assert link.port != 0
            assert stopped == []
        finally:
            link.stop()
        link.stop()  # a second stop withdraws nothing more
        assert stopped == started
    finally:
        bundled_tftp._started.remove(on_start)
        bundled_tftp._stopped.remove(on_stop)
