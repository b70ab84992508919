"""Finding a region from the name a published list gives it.

Names are compared as terms (case, punctuation, "Kab."/"Prov." abbreviations) and also without
spaces, so "Kota Bau-Bau", "Kota Baubau" and the stored "Kota Bau Bau" are one name, as are
"Labuhan Batu" and "Labuhanbatu". Former names and usual abbreviations are data
(data/region_aliases.yaml, each with its reason) plus the aliases the platform admin adds to the
"region" vocabulary. A bare name ("Banjar") counts only where it names one region; an unknown
name gets "did you mean"."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from imports.vocabulary import added_aliases, closest, term
from regions.models import Region, RegionKind

DATA = Path(__file__).resolve().parent / "data" / "region_aliases.yaml"
VOCABULARY = "region"
_KIND_ABBREVIATIONS = (
    (re.compile(r"^(kab|kabupaten)\s+"), "kabupaten "),
    (re.compile(r"^(prov|propinsi|provinsi)\s+"), "provinsi "),
    (re.compile(r"^(pemkot|kota adm|kota administrasi)\s+"), "kota "),
)


class AmbiguousName(Exception):
    """The name belongs to several regions; the code or the full name is needed."""


@dataclass(frozen=True)
class RegionAlias:
    text: str
    code: str
    reason: str


@functools.cache
def shipped_aliases() -> tuple[RegionAlias, ...]:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        RegionAlias(str(item["text"]), str(item["code"]), str(item["reason"]))
        for item in document["aliases"]
    )


def name_key(text: str) -> str:
    key = term(text)
    for pattern, replacement in _KIND_ABBREVIATIONS:
        key = pattern.sub(replacement, key)
    return key


def compact(key: str) -> str:
    return key.replace(" ", "")


def _full_names(region: Region) -> set[str]:
    names = {region.display_name, region.name}
    if region.kind == RegionKind.KABUPATEN:
        names.add(f"Kabupaten {region.short_name}")
    return names


class RegionNames:
    """An index of region names, built once per import."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self.regions = list(regions)
        self._full: dict[str, Region | None] = {}
        self._bare: dict[str, Region | None] = {}
        self._labels: dict[str, str] = {}
        by_code = {region.code: region for region in self.regions}
        for region in self.regions:
            for name in _full_names(region):
                self._remember(self._full, name_key(name), region)
                self._labels[name_key(name)] = region.display_name
            self._remember(self._bare, name_key(region.short_name), region)
        aliases = [*shipped_aliases()]
        aliases += [RegionAlias(a.text, a.means, a.reason) for a in added_aliases(VOCABULARY)]
        for alias in aliases:
            aliased = by_code.get(alias.code)
            if aliased is not None:
                self._full.setdefault(name_key(alias.text), aliased)
                self._full.setdefault(compact(name_key(alias.text)), aliased)

    def _remember(self, names: dict[str, Region | None], key: str, region: Region) -> None:
        for variant in (key, compact(key)):
            known = names.get(variant)
            if known is not None and known.pk != region.pk:
                names[variant] = None  # shared by two regions
            else:
                names.setdefault(variant, region)

    def find(self, text: str) -> Region | None:
        """The region `text` names, None when none does; AmbiguousName when several do."""
        key = name_key(text)
        for names in (self._full, self._bare):
            for variant in (key, compact(key)):
                if variant in names:
                    region = names[variant]
                    if region is None:
                        raise AmbiguousName(text)
                    return region
        return None

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Full names of the regions closest to `text`."""
        found = closest(name_key(text), list(self._labels), limit * 3)
        names: list[str] = []
        for key in found:
            if self._labels[key] not in names:
                names.append(self._labels[key])
        return names[:limit]


def region_labels() -> dict[str, str]:
    """The allowed values of the "region" vocabulary (for aliases added in the admin)."""
    return {
        code: f"{name} ({code})"
        for code, name in Region.objects.order_by("code").values_list("code", "name")
    }
