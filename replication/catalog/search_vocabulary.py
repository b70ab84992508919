"""The vocabulary of catalog search: groups of equivalent terms (abbreviations and full names,
old and new spellings), from the reviewed file data/search_vocabulary.yaml and the groups platform
admins add (SearchSynonym), plus the names of regions, so "Dinkes", "bumil" or "Banjar" find
what the person means."""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "search_vocabulary.yaml"
# Admins' additions apply within this many seconds in every process.
REFRESH_SECONDS = 60
_WORD = re.compile(r"[a-z0-9]+")
# What regions' official names start with; a query names a region without them.
_REGION_PREFIXES = ("kabupaten ", "kota ", "provinsi ", "kab ")


def words_of(text: str) -> tuple[str, ...]:
    """Lower-case ASCII words: accents dropped, hyphens and punctuation as spaces."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return tuple(_WORD.findall(folded))


@dataclass
class Vocabulary:
    # A term (its words) -> the index of its group in `groups`.
    term_group: dict[tuple[str, ...], int] = field(default_factory=dict)
    groups: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)
    # A group's index -> narrower phrases a query for the group also finds.
    narrower: dict[int, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # A region name without its prefix (its words) -> the region codes that carry it.
    region_codes: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    longest_term: int = 1
    # Words naming the kind of effort, not its subject: they weigh less in ranking.
    generic_words: frozenset[str] = frozenset()

    def add_group(self, terms: list[str], narrower: list[str] | None = None) -> None:
        phrases = tuple(dict.fromkeys(p for p in (words_of(t) for t in terms) if p))
        if len(phrases) < 2 and not narrower:
            return
        # A term already in a group joins that group's alternatives (groups never overlap).
        existing = next((self.term_group[p] for p in phrases if p in self.term_group), None)
        if existing is None:
            self.groups.append(phrases)
            existing = len(self.groups) - 1
        else:
            merged = self.groups[existing] + tuple(
                p for p in phrases if p not in self.groups[existing]
            )
            self.groups[existing] = merged
        for phrase in self.groups[existing]:
            self.term_group[phrase] = existing
            self.longest_term = max(self.longest_term, len(phrase))
        if narrower:
            found = tuple(p for p in (words_of(t) for t in narrower) if p)
            self.narrower[existing] = (*self.narrower.get(existing, ()), *found)

    def add_region(self, code: str, name: str) -> None:
        lowered = name.lower()
        for prefix in _REGION_PREFIXES:
            if lowered.startswith(prefix):
                lowered = lowered[len(prefix) :]
                break
        words = words_of(lowered)
        if words:
            self.region_codes[words] = (*self.region_codes.get(words, ()), code)
            self.longest_term = max(self.longest_term, len(words))

    def alternatives(self, phrase: tuple[str, ...]) -> tuple[tuple[str, ...], ...] | None:
        """The terms of the phrase's group, or None when the phrase is in no group."""
        group = self.term_group.get(phrase)
        return None if group is None else self.groups[group]

    def narrower_terms(self, phrase: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        group = self.term_group.get(phrase)
        return () if group is None else self.narrower.get(group, ())

    def knows(self, word: str) -> bool:
        return (word,) in self.term_group or (word,) in self.region_codes


def _build() -> Vocabulary:
    from regions.models import Region
    from replication.catalog.models import SearchSynonym

    vocabulary = Vocabulary()
    data = yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8"))
    vocabulary.generic_words = frozenset(
        word for term in data.get("generic_words", []) for word in words_of(str(term))
    )
    for group in data["groups"]:
        if isinstance(group, dict):
            vocabulary.add_group(
                [str(term) for term in group["terms"]],
                [str(term) for term in group.get("narrower", [])],
            )
        else:
            vocabulary.add_group([str(term) for term in group])
    for terms in SearchSynonym.objects.filter(is_active=True).values_list("terms", flat=True):
        vocabulary.add_group(terms.split(","))
    for code, name in Region.objects.values_list("code", "name"):
        vocabulary.add_region(code, name)
    return vocabulary


_lock = threading.Lock()
_cached: tuple[float, Vocabulary] | None = None


def current() -> Vocabulary:
    global _cached
    cached = _cached
    if cached is not None and time.monotonic() - cached[0] < REFRESH_SECONDS:
        return cached[1]
    with _lock:
        if _cached is None or time.monotonic() - _cached[0] >= REFRESH_SECONDS:
            _cached = (time.monotonic(), _build())
        return _cached[1]


def forget() -> None:
    """Read the vocabulary again at the next search (after an admin's change, and in tests)."""
    global _cached
    _cached = None
