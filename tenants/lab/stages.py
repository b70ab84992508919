"""The lab's stages and the documents each needs, read from data/stages.yaml (with its sources):
the 5D of LAN RI's Laboratorium Inovasi plus Documentation, as Banjar runs its Labinov."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "stages.yaml"


@dataclass(frozen=True)
class StageDocumentKind:
    kind: str
    label: str
    required: bool


@dataclass(frozen=True)
class LabStage:
    code: str
    label: str
    description: str
    documents: tuple[StageDocumentKind, ...]

    @property
    def required_kinds(self) -> tuple[str, ...]:
        return tuple(document.kind for document in self.documents if document.required)

    def document(self, kind: str) -> StageDocumentKind | None:
        return next((document for document in self.documents if document.kind == kind), None)


@functools.cache
def stages() -> tuple[LabStage, ...]:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        LabStage(
            code=item["code"],
            label=item["label"],
            description=" ".join(str(item.get("description", "")).split()),
            documents=tuple(
                StageDocumentKind(doc["kind"], doc["label"], bool(doc.get("required")))
                for doc in item.get("documents", [])
            ),
        )
        for item in document["stages"]
    )


def first_stage() -> LabStage:
    return stages()[0]


def stage(code: str) -> LabStage | None:
    return next((item for item in stages() if item.code == code), None)


def next_stage(code: str) -> LabStage | None:
    """The stage after `code` (None after the last one)."""
    codes = [item.code for item in stages()]
    position = codes.index(code)
    return stages()[position + 1] if position + 1 < len(codes) else None


def stage_choices() -> list[tuple[str, str]]:
    return [(item.code, item.label) for item in stages()]
