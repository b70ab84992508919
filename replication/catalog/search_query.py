"""From what a visiting region types to what the catalog is asked: a search plan.

The query is cut into terms. A run of words that is a vocabulary term ("ibu hamil", "dinkes")
or a region name ("tanah bumbu") becomes one term with its alternatives; a word the catalog
never uses is corrected to the closest word it does use (trigram similarity against the
catalog's own dictionary, CatalogWord) and the page says so ("did you mean"). Words in quotes
stay a phrase, a word after "-" excludes. Each term becomes one tsquery; an entry's relevance
tier is the number of terms it matches (replication.catalog.selectors), so all terms first, then
most terms, never nothing for a query with one known word.

Every tsquery here is composed from words of [a-z0-9] only: no user text reaches to_tsquery's
syntax."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection

from replication.catalog.models import CatalogWord
from replication.catalog.search_vocabulary import Vocabulary, words_of

GENERIC_WEIGHT = 1 / 3
NARROWER_WEIGHT = 1 / 4
# Words shorter than this are never corrected: abbreviations ("kb", "tbc") and short words one
# letter from another real word ("sapi" is not a typo of "sapa"). A correction must be at least
# this similar (pg_trgm similarity, 0..1).
MIN_CORRECTABLE_LENGTH = 5
MIN_SIMILARITY = 0.4
MAX_TERMS = 8
MAX_REMEMBERED_FIXES = 20_000
_QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Term:
    """One thing the person asked for, with the ways the catalog may say it."""

    typed: str  # as typed (after correction: the corrected words)
    alternatives: tuple[tuple[str, ...], ...]  # phrases (word tuples)
    region_codes: tuple[str, ...] = ()  # a region name: entries of these regions match too
    # How much the term counts when entries are ranked by the terms they hold: less for words
    # naming the kind of effort ("penurunan") and for narrower terms the query did not name.
    weight: float = 1.0
    named: bool = True  # typed by the person (False: narrower terms added by the vocabulary)

    @property
    def tsquery(self) -> str:
        return " | ".join(
            "(" + " <-> ".join(phrase) + ")" if len(phrase) > 1 else phrase[0]
            for phrase in self.alternatives
        )


@dataclass
class SearchPlan:
    terms: list[Term] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> used word
    phrase: str = ""  # the query's words, for boosting names that contain them in order

    @property
    def corrected_query(self) -> str:
        """The query as searched, when a word was corrected ("did you mean"); else ''."""
        if not self.corrections:
            return ""
        return " ".join(term.typed for term in self.terms if term.named)

    @property
    def any_tsquery(self) -> str:
        """Matches an entry with any of the terms: for ranking and highlighting."""
        return " | ".join(f"({term.tsquery})" for term in self.terms)


def plan(
    query: str, vocabulary: Vocabulary, known_fixes: dict[str, str | None] | None = None
) -> SearchPlan:
    """`known_fixes`: corrections already looked up (a per-catalog-version memo, filled here)."""
    phrases = [words_of(text) for text in _QUOTED.findall(query)]
    rest = _QUOTED.sub(" ", query)
    excluded_words = [words_of(token[1:]) for token in rest.split() if token.startswith("-")]
    plain = words_of(" ".join(token for token in rest.split() if not token.startswith("-")))

    result = SearchPlan(phrase=" ".join(plain))
    corrections = _corrections(
        [w for w in plain if not vocabulary.knows(w)] + [w for p in excluded_words for w in p],
        {} if known_fixes is None else known_fixes,
    )
    corrected = [corrections.get(word, word) for word in plain]
    result.corrections = {typed: used for typed, used in corrections.items() if typed in plain}
    result.terms = _terms(corrected, vocabulary)
    result.terms += [Term(" ".join(p), (p,)) for p in phrases if p]
    result.terms = result.terms[:MAX_TERMS]
    result.excluded = [Term(" ".join(p), (p,)) for p in excluded_words if p]
    return result


def _terms(words: list[str], vocabulary: Vocabulary) -> list[Term]:
    """Longest vocabulary terms or region names first, left to right."""
    terms: list[Term] = []
    position = 0
    while position < len(words):
        for length in range(min(vocabulary.longest_term, len(words) - position), 0, -1):
            run = tuple(words[position : position + length])
            alternatives = vocabulary.alternatives(run)
            codes = vocabulary.region_codes.get(run, ())
            if alternatives or codes or length == 1:
                generic = not alternatives and not codes and set(run) <= vocabulary.generic_words
                weight = GENERIC_WEIGHT if generic else 1.0
                terms.append(Term(" ".join(run), alternatives or (run,), codes, weight))
                narrower = vocabulary.narrower_terms(run)
                if narrower:
                    terms.append(Term("", narrower, weight=NARROWER_WEIGHT, named=False))
                position += length
                break
    return terms


def _corrections(words: list[str], known: dict[str, str | None]) -> dict[str, str]:
    """For each word the catalog never uses, the most similar word it does use (if similar
    enough); one query for the words not in `known`, whose answers are added to it."""
    candidates = sorted({w for w in words if len(w) >= MIN_CORRECTABLE_LENGTH and not w.isdigit()})
    if len(known) > MAX_REMEMBERED_FIXES:
        known.clear()
    unknown = [word for word in candidates if word not in known]
    if unknown:
        table = CatalogWord._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT typed, CASE WHEN EXISTS (SELECT 1 FROM {table} WHERE word = typed)
                    THEN NULL ELSE (
                    SELECT word FROM {table}
                    WHERE word %% typed AND similarity(word, typed) >= %s
                    ORDER BY similarity(word, typed) DESC, length(word), word LIMIT 1
                ) END
                FROM unnest(%s::text[]) AS typed
                """,  # noqa: S608 - the table name is the model's
                [MIN_SIMILARITY, unknown],
            )
            known.update(dict(cursor.fetchall()))
    return {word: fix for word in candidates if (fix := known.get(word))}
