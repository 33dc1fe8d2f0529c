"""Image names from the reference decode to the right family, version and signature."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.decisions.images import (
    ImageKind,
    check_asa_image_for,
    decode_image_name,
    firmware_version_from_name,
)
from rommon_toolkit.rommon.decisions.platforms import platform_for
from rommon_toolkit.rommon.errors import PreflightError

ASA5506 = platform_for("asa5506")


@pytest.mark.parametrize(
    ("name", "family", "version"),
    [
        ("asa951-lfbff-k8.spa", "lfbff", "9.5(1)"),
        ("asa952-2-lfbff-k8.SPA", "lfbff", "9.5(2)2"),
        ("asa984-22-lfbff-k8.SPA", "lfbff", "9.8(4)22"),
        ("asa9101-lfbff-k8.SPA", "lfbff", "9.10(1)"),
        ("asa9-13-1-lfbff-k8.SPA", "lfbff", "9.13(1)"),
        ("asa9-16-4-85-lfbff-k8.SPA", "lfbff", "9.16(4)85"),
        ("asa964-45-smp-k8.bin", "smp", "9.6(4)45"),
        ("asa841-k8.bin", "k8", "8.4(1)"),
        ("asa825-59-k8.bin", "k8", "8.2(5)59"),
    ],
)
def test_reference_image_names_decode(name: str, family: str, version: str) -> None:
    info = decode_image_name(name)
    assert info.kind is ImageKind.ASA
    assert (info.family, info.version) == (family, version)


def test_signed_extension_is_decoded_production_and_special() -> None:
    production = decode_image_name("asa9-16-4-85-lfbff-k8.SPA")
    special = decode_image_name("asa9-16-4-85-lfbff-k8.SSA")
    unsigned = decode_image_name("asa841-k8.bin")
    assert (production.signed, production.key_type, production.key_version) == (
        True,
        "production",
        "A",
    )
    assert (special.signed, special.key_type, special.is_special) == (True, "special", True)
    assert (unsigned.signed, unsigned.key_type) == (False, None)


@pytest.mark.parametrize(
    ("name", "version"),
    [
        ("asa5500-firmware-1118.SPA", (1, 1, 18)),
        ("asa5500-firmware-1108.SPA", (1, 1, 8)),
        ("asa5500-firmware-1114.SPA", (1, 1, 14)),
        ("asa9-16-4-85-lfbff-k8.SPA", None),
    ],
)
def test_firmware_versions_come_from_the_name(
    name: str, version: tuple[int, int, int] | None
) -> None:
    assert firmware_version_from_name(name) == version


def test_lfbff_image_is_accepted_for_a_5506_without_warnings() -> None:
    assert check_asa_image_for(decode_image_name("asa9-16-4-85-lfbff-k8.SPA"), ASA5506) == []


@pytest.mark.parametrize(
    ("name", "explains"),
    [
        ("asa964-45-smp-k8.bin", "5512-X"),
        ("asa841-k8.bin", "5505"),
        ("ftd-boot-9.10.1.3.lfbff", "Firepower Threat Defense"),
        ("asa5500-firmware-1118.SPA", "firmware"),
        ("firmware.bin", "does not look like"),
    ],
)
def test_wrong_images_are_refused_with_an_explanation(name: str, explains: str) -> None:
    with pytest.raises(PreflightError) as caught:
        check_asa_image_for(decode_image_name(name), ASA5506)
    assert explains in caught.value.render()


def test_special_key_image_is_warned_about() -> None:
    warnings = check_asa_image_for(decode_image_name("asa9-16-4-85-lfbff-k8.SSA"), ASA5506)
    assert len(warnings) == 1
    assert "SPECIAL" in warnings[0]


@pytest.mark.parametrize("spelling", ["asa5506", "ASA5506", "5506", "ASA5506-X", "asa-5506-x"])
def test_model_spellings_resolve(spelling: str) -> None:
    assert platform_for(spelling).model == "ASA5506"


def test_unsupported_model_is_refused() -> None:
    with pytest.raises(PreflightError, match="unsupported model"):
        platform_for("asa5512")
