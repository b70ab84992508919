"""The official list of regions shipped with the project (ODbL, see data/LICENSE-ODbL.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from regions.naming import kind_from_name, region_slug, schema_name_for_code

DATA_DIR = Path(__file__).resolve().parent / "data"
ATTRIBUTION = (
    "Region codes: idn-area-data 4.0.1, from the official Kemendagri codes, "
    "Open Database License (ODbL)."
)


@dataclass(frozen=True)
class RegionRecord:
    code: str
    name: str
    kind: str
    province_code: str | None
    slug: str
    schema_name: str


def load_region_records() -> list[RegionRecord]:
    """All 552 regions: provinces first, then kabupaten/kota, each in code order."""
    records: list[RegionRecord] = []
    with open(DATA_DIR / "provinces.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = kind_from_name(row["name"], row["code"])
            records.append(
                RegionRecord(
                    code=row["code"],
                    name=row["name"],
                    kind=kind,
                    province_code=None,
                    slug=region_slug(row["name"], kind),
                    schema_name=schema_name_for_code(row["code"]),
                )
            )
    with open(DATA_DIR / "regencies.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            kind = kind_from_name(row["name"], row["code"])
            records.append(
                RegionRecord(
                    code=row["code"],
                    name=row["name"],
                    kind=kind,
                    province_code=row["province_code"],
                    slug=region_slug(row["name"], kind),
                    schema_name=schema_name_for_code(row["code"]),
                )
            )
    return records


def administrative_codes() -> set[str]:
    """Codes of the regions that are not autonomous pemda (data/administrative_regions.yaml)."""
    import yaml

    document = yaml.safe_load((DATA_DIR / "administrative_regions.yaml").read_text("utf-8"))
    return {str(code) for code in document["codes"]}
