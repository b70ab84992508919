"""Finding a region's OPD from the name a sheet gives it: its name or short name in any case and
punctuation, with the region's own name appended or not ("Dinas Kesehatan Kabupaten Balangan"),
or another form of the same function kept as data (data/opd_names.yaml: "Bappedalitbang",
"Dukcapil", "Dinas Kominfo") or added by the platform admin to the "opd" vocabulary (an alias
naming a group), plus "did you mean" for the rest."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from imports.vocabulary import added_aliases, closest, term
from tenants.organization.models import OpdUnit

DATA = Path(__file__).resolve().parent / "data" / "opd_names.yaml"
VOCABULARY = "opd"
# How the region's name is appended: "Kabupaten Balangan", "Kab. Balangan", "Kota Banjarbaru",
# "Provinsi Kalimantan Selatan", "Prov. Kalsel" is not guessed.
_KIND_WORDS = {
    "kabupaten": ("kabupaten", "kab"),
    "kota": ("kota", "pemkot"),
    "provinsi": ("provinsi", "prov", "propinsi"),
}
_KIND_PREFIX = re.compile(r"^(kabupaten|kab|kota|provinsi|prov|propinsi)\s+")


@dataclass(frozen=True)
class OpdGroup:
    id: str
    forms: tuple[str, ...]
    reason: str


@functools.cache
def groups() -> tuple[OpdGroup, ...]:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        OpdGroup(item["id"], tuple(str(form) for form in item["forms"]), item["reason"])
        for item in document["groups"]
    )


@functools.cache
def _shipped_group_of_term() -> dict[str, str]:
    index: dict[str, str] = {}
    for group in groups():
        for form in group.forms:
            index[term(form)] = group.id
    return index


def group_labels() -> dict[str, str]:
    """The allowed values of the "opd" vocabulary: each group by its first (standard) name."""
    return {group.id: group.forms[0] for group in groups()}


def region_suffixes(region_name: str, region_kind: str) -> list[str]:
    """The terms a region's name is appended with, longest first."""
    bare = _KIND_PREFIX.sub("", term(region_name))
    suffixes = [f"{word} {bare}" for word in _KIND_WORDS.get(region_kind, ())]
    return sorted({*suffixes, term(region_name), bare}, key=len, reverse=True)


def strip_region(text: str, suffixes: Iterable[str]) -> str:
    """The OPD's name without the region's name appended to it."""
    for suffix in suffixes:
        if text.endswith(" " + suffix):
            return text[: -len(suffix) - 1].strip()
    return text


class OpdMatcher:
    """Built once per import from the region's units."""

    def __init__(self, units: Iterable[OpdUnit], region_name: str, region_kind: str) -> None:
        self.units = list(units)
        known = group_labels()
        self._groups = dict(_shipped_group_of_term())
        for alias in added_aliases(VOCABULARY):  # shipped forms are never overridden
            if alias.means in known:
                self._groups.setdefault(term(alias.text), alias.means)
        self.suffixes = region_suffixes(region_name, region_kind)
        self._by_term: dict[str, OpdUnit] = {}
        for unit in self.units:  # short names first, so a full name always wins a clash
            if unit.short_name:
                self._by_term[term(unit.short_name)] = unit
        for unit in self.units:
            self._by_term[term(unit.name)] = unit
        self._by_group: dict[str, list[OpdUnit]] = {}
        for unit in self.units:
            found = {
                self._groups.get(term(unit.name)),
                self._groups.get(term(unit.short_name)),
            }
            for group in found:
                if group is not None:
                    self._by_group.setdefault(group, []).append(unit)

    def key(self, text: str) -> str:
        return strip_region(term(text), self.suffixes)

    def match(self, text: str) -> OpdUnit | None:
        key = self.key(text)
        unit = self._by_term.get(key)
        if unit is not None:
            return unit
        group = self._groups.get(key)
        candidates = self._by_group.get(group, []) if group else []
        return candidates[0] if len(candidates) == 1 else None

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Names of the region's units closest to `text`, best first."""
        key = self.key(text)
        names = {term(unit.name): unit.name for unit in self.units}
        shorts = {term(unit.short_name): unit.name for unit in self.units if unit.short_name}
        close = closest(key, [*names, *shorts], limit * 2)
        found: list[str] = []
        for candidate in close:
            name = names.get(candidate) or shorts[candidate]
            if name not in found:
                found.append(name)
        group = self._groups.get(key)
        for unit in self._by_group.get(group, []) if group else []:
            if unit.name not in found:
                found.insert(0, unit.name)
        return found[:limit]

    def proposed_name(self, text: str) -> str:
        """The name a new unit would get: as written, without the region's name appended."""
        words = " ".join(str(text).split())
        key = self.key(words)
        if key == term(words):
            return words
        # Cut the same number of words from the original text as from its term.
        dropped = len(term(words).split()) - len(key.split())
        return " ".join(words.split()[:-dropped]) if dropped > 0 else words
