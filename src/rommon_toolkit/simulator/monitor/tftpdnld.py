"""`tftpdnld`: a real TFTP download of IMAGE from SERVER, the image checks, the RAM boot.

The parameter table, progress and failure texts are [NF] guesses (texts/rommon.py): only
`File not found` is attested for Kenton. The image lands in the state dir's `ram/` and is
gone at the next power-on, as on the real unit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rommon_toolkit.simulator.context import BootRequest, UnitContext
from rommon_toolkit.simulator.errors import (
    PowerLost,
    TftpCancelledError,
    TftpError,
    TftpFileNotFoundError,
    TftpRemoteError,
    TftpTimeoutError,
)
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.monitor.loader import check_image, request
from rommon_toolkit.simulator.monitor.variables import RommonVariables, valid_ipv4
from rommon_toolkit.simulator.network import route_problem, tftp_client, transfer_stats
from rommon_toolkit.simulator.receiver import Receiver
from rommon_toolkit.simulator.texts import rommon as rtext

REQUIRED = ("ADDRESS", "NETMASK", "SERVER", "IMAGE")


def _problem(values: dict[str, str]) -> str | None:
    for name in REQUIRED:
        if not values[name]:
            return rtext.TFTP_MISSING_VARIABLE.format(name=name)
    if values["GATEWAY"] and not valid_ipv4(values["GATEWAY"]):
        return rtext.TFTP_MISSING_VARIABLE.format(name="GATEWAY")
    problem = route_problem(
        values["ADDRESS"], values["NETMASK"], values["GATEWAY"], values["SERVER"]
    )
    return None if problem is None else rtext.TFTP_UNREACHABLE.format(problem=problem)


def _table(ctx: UnitContext, values: dict[str, str]) -> str:
    blksize = ctx.tftp.blksize or 512
    return rtext.TFTP_TABLE.format(
        address=values["ADDRESS"],
        netmask=values["NETMASK"],
        gateway=values["GATEWAY"],
        server=values["SERVER"],
        image=values["IMAGE"],
        mac=ctx.hardware.mac,
        retry=ctx.tftp.retries,
        timeout=int(ctx.tftp.timeout),
        blksize=blksize,
    )


def _download(ctx: UnitContext, values: dict[str, str], target: Path) -> int | None:
    """Fetch IMAGE into `target` with `!` progress; the size, or None after an error line."""
    server, image = values["SERVER"], values["IMAGE"]
    ctx.out(rtext.TFTP_RECEIVING.format(image=image, server=server))
    receiver = Receiver(ctx, target, bang_bytes=rtext.TFTP_BYTES_PER_BANG)
    try:
        with receiver:
            client = tftp_client(ctx, server, values["ADDRESS"])
            result = client.download(image, receiver.sink, progress=receiver.progress)
        ctx.live.last_transfer = transfer_stats("tftpdnld", image, result)
    except TftpCancelledError as exc:
        raise PowerLost from exc
    except TftpFileNotFoundError:
        ctx.say("", rtext.TFTP_NOT_FOUND)
        return None
    except TftpTimeoutError:
        ctx.say("", rtext.TFTP_TIMEOUT.format(server=server, retry=ctx.tftp.retries))
        return None
    except TftpRemoteError as exc:
        ctx.say("", rtext.TFTP_ERROR.format(code=exc.code, text=exc.text))
        return None
    except TftpError as exc:
        ctx.say("", rtext.TFTP_ERROR.format(code=0, text=str(exc)))
        return None
    ctx.say("")
    return receiver.size


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while piece := handle.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


def tftpdnld(ctx: UnitContext, variables: RommonVariables) -> BootRequest | None:
    """Run the command; a BootRequest when the image is good, None back at the prompt."""
    values = dict(variables.values)
    problem = _problem(values)
    if problem is not None:
        ctx.say(problem)
        return None
    ctx.out(_table(ctx, values))
    link_down = Fault.NO_MGMT_LINK in ctx.faults
    ctx.say(rtext.TFTP_LINK_DOWN if link_down else rtext.TFTP_LINK_UP)
    name = Path(values["IMAGE"].replace("\\", "/")).name or "image"
    ctx.state.ram.mkdir(parents=True, exist_ok=True)
    target = ctx.state.ram / name
    ctx.set_mode("tftpdnld")
    size = _download(ctx, values, target)
    ctx.set_mode("rommon")
    if size is None:
        target.unlink(missing_ok=True)
        ctx.say(rtext.TFTP_FAILED)
        return None
    ctx.say(
        rtext.TFTP_DONE,
        rtext.TFTP_BUFFER,
        rtext.TFTP_SIZE.format(size=size),
        rtext.TFTP_IMAGE_SIZE.format(size=size),
        rtext.TFTP_MD5.format(md5=_md5(target)),
    )
    problem = check_image(ctx, target, name)
    if problem is not None:
        ctx.say(problem)
        return None
    ctx.say(rtext.LFBFF_VERIFIED)
    url = rtext.TFTP_IMAGE_URL.format(server=values["SERVER"], image=values["IMAGE"])
    return request(ctx, target, name, "tftp", url)
