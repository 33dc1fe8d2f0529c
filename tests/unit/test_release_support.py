"""Each model's ASA release range: read from the image name, refused outside it with the range."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rommon_toolkit.rommon.decisions.images import (
    ImageKind,
    check_asa_image_for,
    check_asa_image_for_any,
    decode_image_name,
)
from rommon_toolkit.rommon.decisions.platforms import PLATFORMS, platform_for
from rommon_toolkit.rommon.decisions.release_support import (
    RELEASE_SUPPORT,
    models_running,
    parse_release,
)
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode

ASA5506 = platform_for("asa5506")
ASA5508 = platform_for("asa5508")
REFERENCE = Path(__file__).parents[2] / "docs" / "device-reference.md"


@pytest.mark.parametrize(
    ("name", "release"),
    [
        ("asa9-12-4-smp-k8.bin", (9, 12, 4, 0)),
        ("asa9161-lfbff-k8.SPA", (9, 16, 1, 0)),
        ("asa924-lfbff-k8.SPA", (9, 2, 4, 0)),
        ("asa924-smp-k8.bin", (9, 2, 4, 0)),
        ("asa9-18-3-56-lfbff-k8.SPA", (9, 18, 3, 56)),
        ("asa932-lfbff-k8.SPA", (9, 3, 2, 0)),
        ("asa951-lfbff-k8.spa", (9, 5, 1, 0)),
        ("asa984-22-lfbff-k8.SPA", (9, 8, 4, 22)),
        ("asa9-16-4-85-lfbff-k8.SPA", (9, 16, 4, 85)),
    ],
)
def test_the_release_is_read_from_every_name_form(
    name: str, release: tuple[int, int, int, int]
) -> None:
    version = decode_image_name(name).version
    assert version is not None
    assert parse_release(version) == release


@pytest.mark.parametrize(
    "name",
    ["asa9-18-1-lfbff-k8.SPA", "asa9-17-1-lfbff-k8.SPA", "asa924-lfbff-k8.SPA"],
)
def test_a_release_the_5506_cannot_run_is_refused_with_its_range(name: str) -> None:
    with pytest.raises(PreflightError) as caught:
        check_asa_image_for(decode_image_name(name), ASA5506)
    assert "ASA5506 runs ASA 9.3(2) to 9.16(x)" in caught.value.message
    assert caught.value.exit_code == ExitCode.PREFLIGHT_REFUSED


def test_the_advice_names_the_right_way_out() -> None:
    with pytest.raises(PreflightError) as too_new:
        check_asa_image_for(decode_image_name("asa9-18-1-lfbff-k8.SPA"), ASA5506)
    with pytest.raises(PreflightError) as too_old:
        check_asa_image_for(decode_image_name("asa924-lfbff-k8.SPA"), ASA5506)
    assert "last release train for this hardware is 9.16(x)" in str(too_new.value.advice)
    assert "needs ASA 9.3(2) or later" in str(too_old.value.advice)


@pytest.mark.parametrize(
    ("name", "platform"),
    [
        ("asa932-lfbff-k8.SPA", "asa5506"),
        ("asa933-lfbff-k8.SPA", "asa5508"),
        ("asa9-16-4-85-lfbff-k8.SPA", "asa5516"),
        ("asa9161-lfbff-k8.SPA", "asa5508"),
    ],
)
def test_the_bounds_of_the_range_are_accepted(name: str, platform: str) -> None:
    assert check_asa_image_for(decode_image_name(name), platform_for(platform)) == []


def test_the_first_release_differs_per_model() -> None:
    info = decode_image_name("asa932-lfbff-k8.SPA")
    assert check_asa_image_for(info, ASA5506) == []
    with pytest.raises(PreflightError, match=r"ASA5508 runs ASA 9\.3\(3\) to 9\.16\(x\)"):
        check_asa_image_for(info, ASA5508)


def test_without_a_model_a_release_of_some_models_only_is_warned_about() -> None:
    warnings = check_asa_image_for_any(decode_image_name("asa932-lfbff-k8.SPA"), ASA5506)
    assert len(warnings) == 1
    assert "only the ASA5506 runs" in warnings[0]
    assert models_running((9, 3, 2, 0)) == ["ASA5506"]


def test_without_a_model_a_release_no_model_runs_is_refused() -> None:
    with pytest.raises(PreflightError, match="none of the supported models runs"):
        check_asa_image_for_any(decode_image_name("asa9-18-1-lfbff-k8.SPA"), ASA5506)


def test_an_unreadable_release_is_refused() -> None:
    with pytest.raises(PreflightError, match="cannot tell the ASA release"):
        check_asa_image_for(decode_image_name("asa95-lfbff-k8.SPA"), ASA5506)


@pytest.mark.parametrize(
    ("name", "explains"),
    [
        ("cisco-asa-fp2k.9.16.1.SPA", "Firepower 2100"),
        ("cisco-asa-fp1k.9.14.1.SPA", "Firepower 1000"),
        ("cisco-ftd-fp2k.6.4.0-102.SPA", "Firepower Threat Defense bundle"),
        ("fxos-k9.2.3.1.73.SPA", "FXOS platform software"),
        ("asasfr-5500x-boot-5.4.1-211.img", "FirePOWER services module"),
    ],
)
def test_firepower_and_fxos_files_are_refused_for_the_5500x(name: str, explains: str) -> None:
    info = decode_image_name(name)
    assert info.kind is ImageKind.FIREPOWER
    for check in (check_asa_image_for, check_asa_image_for_any):
        with pytest.raises(PreflightError) as caught:
            check(info, ASA5506)
        assert explains in caught.value.message
        assert "not ASA software for the ASA 5500-X" in caught.value.message


def test_every_model_has_a_range_and_the_device_reference_states_it() -> None:
    assert {p.model for p in PLATFORMS.values()} == set(RELEASE_SUPPORT)
    text = REFERENCE.read_text(encoding="utf-8")
    section = text[text.index("## ASA release range per model") :]
    for span in RELEASE_SUPPORT.values():
        row = re.search(rf"^\| {span.model[3:]}-X .*$", section, re.M)
        assert row is not None, span.model
        assert span.describe().split(" to ")[0] in row.group(0)
        assert f"[{span.first_tag}]" in row.group(0)
