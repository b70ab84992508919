"""The predicate bands of each assessment year (data/predicate-bands.yaml, with sources): which
predicate an index earned in its own year, and under which name. Years before the first or after
the last known one take the nearest known year's bands, and say so."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from rubric.formula import Band, band_of

DATA = Path(__file__).resolve().parent / "data" / "predicate-bands.yaml"


@dataclass(frozen=True)
class YearBands:
    year: int
    bands: tuple[Band, ...]  # highest first
    source: str
    uncertain: str  # what was assumed; "" when the year's bands are published

    def band_for(self, index: Decimal) -> Band:
        return band_of(self.bands, index)

    def by_code(self, code: str) -> Band | None:
        return next((band for band in self.bands if band.code == code), None)


@functools.cache
def _known() -> dict[int, YearBands]:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    known = {}
    for year, entry in document["years"].items():
        bands = tuple(
            sorted(
                (
                    Band(
                        item["code"],
                        item["label"],
                        Decimal(str(item["min"])).quantize(Decimal("0.01")),
                    )
                    for item in entry["bands"]
                ),
                key=lambda band: band.min_index,
                reverse=True,
            )
        )
        known[int(year)] = YearBands(
            int(year), bands, entry["source"], entry.get("uncertain") or ""
        )
    return known


def known_years() -> list[int]:
    return sorted(_known())


def bands_for(year: int) -> YearBands:
    """The bands of `year`; outside the known years, the nearest known year's, marked uncertain."""
    known = _known()
    if year in known:
        return known[year]
    nearest = min(known, key=lambda candidate: (abs(candidate - year), -candidate))
    found = known[nearest]
    return YearBands(
        year,
        found.bands,
        found.source,
        f"no bands known for {year}; those of {nearest} are used",
    )


def all_labels() -> dict[str, str]:
    """Every band code with the names it went by over the years ("Disclaimer" included)."""
    labels: dict[str, list[str]] = {}
    for year in known_years():
        for band in _known()[year].bands:
            names = labels.setdefault(band.code, [])
            if band.label not in names:
                names.append(band.label)
    # The latest name is the label; the older ones are aliases (predicate vocabulary data).
    return {code: names[-1] for code, names in labels.items()}
