"""The yearly commitments of an OPD to innovation (SK Tim Inovasi, kontrak kinerja), read from
data/commitments.yaml with their sources, and which indicators of a year's rubric take them as
evidence."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "commitments.yaml"


@dataclass(frozen=True)
class CommitmentKind:
    code: str
    label: str
    description: str
    evidence_for: dict[int, tuple[str, ...]]


@functools.cache
def commitment_kinds() -> tuple[CommitmentKind, ...]:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        CommitmentKind(
            code=item["code"],
            label=item["label"],
            description=item.get("description", ""),
            evidence_for={
                int(year): tuple(codes or ()) for year, codes in item["evidence_for"].items()
            },
        )
        for item in document["kinds"]
    )


def commitment_kind(code: str) -> CommitmentKind | None:
    return next((kind for kind in commitment_kinds() if kind.code == code), None)


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in commitment_kinds()]


def evidence_indicators(code: str, year: int) -> tuple[str, ...]:
    """Codes of the year's SPD indicators whose evidence a commitment of this kind is (empty:
    the document is not scored that year)."""
    kind = commitment_kind(code)
    return kind.evidence_for.get(year, ()) if kind else ()
