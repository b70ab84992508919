"""Controlled values as officials write them: each vocabulary (tahapan, inisiator, bentuk, jenis,
urusan, …) has its allowed values and the other forms that mean them — short names, former
names, spelling, spacing, hyphen and case variants — kept as data with the reason for each
(imports/data/vocabulary/*.yaml), so they can be reviewed and extended without code.

The platform admin adds further aliases in the admin (imports.models.VocabularyAlias); they are
read with the shipped ones each time a vocabulary is built (once per import).

`Vocabulary.resolve` answers the allowed value a text means, or None; `suggest` the closest
allowed values for a "did you mean" (difflib over the normalised forms)."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATA = Path(__file__).resolve().parent / "data" / "vocabulary"
# Punctuation, hyphen and the en and em dashes (written as escapes).
_PUNCTUATION = re.compile(r"[.,;:'\"()\[\]/\\_\-\u2013\u2014]+")


def term(text: object) -> str:
    """The form texts are compared in: no accents, case, punctuation or extra spaces, '&' as
    'dan' (so "Uji-coba", "uji coba" and "UJI  COBA." are one term)."""
    value = unicodedata.normalize("NFKD", str(text))
    value = "".join(char for char in value if not unicodedata.combining(char))
    value = value.casefold().replace("&", " dan ")
    value = _PUNCTUATION.sub(" ", value)
    return " ".join(value.split())


@dataclass(frozen=True)
class Alias:
    text: str
    means: str
    reason: str


@dataclass
class Vocabulary:
    name: str
    labels: Mapping[str, StrOrPromise]  # allowed value -> the label shown to people
    aliases: list[Alias] = field(default_factory=list)
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for value, label in self.labels.items():
            self._index.setdefault(term(value), value)
            self._index.setdefault(term(label), value)
        for alias in self.aliases:
            if alias.means not in self.labels:
                raise ValueError(f"{self.name}: alias {alias.text!r} means unknown {alias.means!r}")
            self._index.setdefault(term(alias.text), alias.means)

    def resolve(self, text: object) -> str | None:
        return self._index.get(term(text))

    def suggest(self, text: object, limit: int = 3) -> list[str]:
        """Labels of the allowed values closest to `text`, best first."""
        close = closest(term(text), list(self._index), limit * 3)
        labels: list[str] = []
        for key in close:
            label = str(self.labels[self._index[key]])
            if label not in labels:
                labels.append(label)
        return labels[:limit]


# A suggestion must be this similar (difflib's ratio), and not much worse than the best one: a
# plain typo gets one answer, not three.
CUTOFF, MARGIN = 0.6, 0.08


def closest(key: str, candidates: list[str], limit: int) -> list[str]:
    """The candidates closest to `key` (all already terms), best first."""
    scored = []
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, key, candidate)
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            ratio = matcher.ratio()
            if ratio >= CUTOFF:
                scored.append((ratio, candidate))
    scored.sort(key=lambda item: -item[0])
    if not scored:
        return []
    best = scored[0][0]
    return [candidate for ratio, candidate in scored if ratio >= best - MARGIN][:limit]


@functools.cache
def shipped_aliases(name: str) -> tuple[Alias, ...]:
    """The aliases kept as data for vocabulary `name` (none when it has no file)."""
    path = DATA / f"{name}.yaml"
    if not path.exists():
        return ()
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(
        Alias(str(item["text"]), str(item["means"]), str(item.get("reason", "")))
        for item in document.get("aliases", [])
    )


def added_aliases(name: str) -> list[Alias]:
    from imports.models import VocabularyAlias

    return [
        Alias(text, means, reason)
        for text, means, reason in VocabularyAlias.objects.filter(vocabulary=name).values_list(
            "text", "means", "reason"
        )
    ]


def vocabulary(name: str, labels: Mapping[str, StrOrPromise]) -> Vocabulary:
    """The vocabulary `name` over these allowed values, with its aliases from data (a wrong one
    is a defect and raises) and those the platform admin added (shipped ones come first, so an
    added alias never overrides a reviewed one; one naming a value that is gone is skipped)."""
    added = [alias for alias in added_aliases(name) if alias.means in labels]
    return Vocabulary(name, labels, [*shipped_aliases(name), *added])


# The allowed values of each vocabulary, registered by the app that owns them (AppConfig.ready),
# so the admin can check an added alias without this app importing theirs.
ALLOWED_VALUES: dict[str, Callable[[], dict[str, str]]] = {}


def register(name: str, allowed: Callable[[], dict[str, str]]) -> None:
    ALLOWED_VALUES[name] = allowed
