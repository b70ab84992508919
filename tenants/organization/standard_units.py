"""The usual perangkat daerah of a pemda for its kind (kabupaten, kota, provinsi), read from
data/standard_units.yaml (with its sources): the starting list of a newly activated region."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "standard_units.yaml"


@dataclass(frozen=True)
class StandardUnit:
    name: str
    short_name: str
    kind: str  # an OpdKind value


@functools.cache
def _document() -> dict[str, list[StandardUnit]]:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return {
        key: [StandardUnit(item["name"], item["short"], item["kind"]) for item in units]
        for key, units in document.items()
    }


def standard_units(region_kind: str) -> list[StandardUnit]:
    """The standard list for a region of this kind (a RegionKind value)."""
    document = _document()
    return [*document["common"], *document.get(region_kind, [])]


def all_standard_units() -> list[StandardUnit]:
    """Every unit of every kind, each name once."""
    seen: dict[str, StandardUnit] = {}
    for units in _document().values():
        for unit in units:
            seen.setdefault(unit.name, unit)
    return list(seen.values())
