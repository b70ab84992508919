"""The vocabularies of calls, read from the versioned data files in data/: categories (bidang),
submitter kinds, jury affiliations, follow-up kinds, and the stage templates with their default
rubric. Model fields take their choices from here (callables, so a data change needs no
migration)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    source: str
    needs_account: bool = False
    initiator: str = ""


@dataclass(frozen=True)
class StageSpec:
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    weight: int
    max_score: int


@dataclass(frozen=True)
class Template:
    code: str
    label: str
    stages: tuple[StageSpec, ...]
    criteria: tuple[CriterionSpec, ...]


@functools.cache
def _document(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@functools.cache
def terms(section: str) -> tuple[Term, ...]:
    return tuple(
        Term(
            str(item["code"]),
            str(item["label"]),
            str(item["source"]),
            bool(item.get("needs_account", False)),
            str(item.get("initiator", "")),
        )
        for item in _document("vocabulary.yaml")[section]
    )


def label(section: str, code: str) -> str:
    return next((term.label for term in terms(section) if term.code == code), code)


def codes(section: str) -> list[str]:
    return [term.code for term in terms(section)]


def max_team_size() -> int:
    return int(_document("vocabulary.yaml")["max_team_size"])


# Callables for model and form choices.
def category_choices() -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in terms("categories")]


def submitter_kind_choices() -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in terms("submitter_kinds")]


def affiliation_choices() -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in terms("affiliation_kinds")]


def follow_up_choices() -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in terms("follow_up_kinds")]


def initiator_of(submitter_kind: str) -> str:
    """The inisiator (innovations.Initiator code) of a draft innovation from this submitter."""
    return next((t.initiator for t in terms("submitter_kinds") if t.code == submitter_kind), "")


def kinds_without_account() -> frozenset[str]:
    """Submitter kinds a visitor may claim on the public form (ASN and OPD sign in)."""
    return frozenset(term.code for term in terms("submitter_kinds") if not term.needs_account)


@functools.cache
def templates() -> dict[str, Template]:
    document = _document("stage_templates.yaml")
    return {
        code: Template(
            code,
            str(item["label"]),
            tuple(StageSpec(s["code"], s["name"], s["kind"]) for s in item["stages"]),
            tuple(
                CriterionSpec(c["name"], int(c["weight"]), int(c["max_score"]))
                for c in item["criteria"]
            ),
        )
        for code, item in document["templates"].items()
    }


def default_template() -> Template:
    return templates()[_document("stage_templates.yaml")["default"]]
