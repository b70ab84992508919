"""How a region's code and name become its slug and schema name. Pure functions, no database."""

from __future__ import annotations

import re

from regions.models import RegionKind


def slugify_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def kind_from_name(name: str, code: str) -> str:
    if "." not in code:
        return RegionKind.PROVINSI
    if name.startswith("Kota "):
        return RegionKind.KOTA
    if name.startswith("Kabupaten "):
        return RegionKind.KABUPATEN
    raise ValueError(f"Cannot tell the kind of region {code} {name!r}")


def region_slug(name: str, kind: str) -> str:
    """Kabupaten keep their bare name (mandailing-natal); kota and provinsi are prefixed so that
    Kabupaten Banjar, Kota Banjar and Provinsi Gorontalo never collide."""
    if kind == RegionKind.PROVINSI:
        return f"provinsi-{slugify_name(name)}"
    if kind == RegionKind.KOTA:
        return f"kota-{slugify_name(name.removeprefix('Kota '))}"
    return slugify_name(name.removeprefix("Kabupaten "))


def schema_name_for_code(code: str) -> str:
    """'12.13' -> 'pemda_12_13'; '12' -> 'pemda_12'."""
    if not re.fullmatch(r"\d{2}(\.\d{2})?", code):
        raise ValueError(f"Not a Kemendagri region code: {code!r}")
    return "pemda_" + code.replace(".", "_")
