"""Controlled values as officials write them: each vocabulary (tahapan, inisiator, bentuk, jenis,
urusan, …) has its allowed values and the other forms that mean them — short names, former
names, spelling, spacing, hyphen and case variants — kept as data with the reason for each
(imports/data/vocabulary/*.yaml), so they can be reviewed and extended without code.

`Vocabulary.resolve` answers the allowed value a text means, or None; `suggest` the closest
allowed values for a "did you mean" (difflib over the normalised forms)."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
    labels: dict[str, str]  # allowed value -> the label shown to people
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
        close = difflib.get_close_matches(term(text), list(self._index), n=limit * 3, cutoff=0.6)
        labels: list[str] = []
        for key in close:
            label = self.labels[self._index[key]]
            if label not in labels:
                labels.append(label)
        return labels[:limit]


@functools.cache
def aliases(name: str) -> tuple[Alias, ...]:
    """The aliases kept as data for vocabulary `name` (none when it has no file)."""
    path = DATA / f"{name}.yaml"
    if not path.exists():
        return ()
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(
        Alias(str(item["text"]), str(item["means"]), str(item.get("reason", "")))
        for item in document.get("aliases", [])
    )


def vocabulary(name: str, labels: dict[str, str]) -> Vocabulary:
    """The vocabulary `name` over these allowed values, with its aliases from data."""
    return Vocabulary(name, labels, list(aliases(name)))
