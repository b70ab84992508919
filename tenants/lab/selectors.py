"""Reads of the lab. Call inside the region's schema."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from tenants.lab.commitments import CommitmentKind, commitment_kinds, evidence_indicators
from tenants.lab.models import LabProject, OpdCommitment, StageDocument
from tenants.lab.stages import LabStage, stages
from tenants.organization.models import OpdUnit


@dataclass
class StageView:
    stage: LabStage
    reached: bool
    current: bool
    documents: list[StageDocument]
    missing: list[str]  # labels of the required documents not uploaded yet


def project_stages(project: LabProject) -> list[StageView]:
    """Every stage of the project's path, with its documents and what is still missing."""
    codes = [item.code for item in stages()]
    position = codes.index(project.stage) if project.stage in codes else 0
    by_stage: dict[str, list[StageDocument]] = {}
    for document in project.documents.order_by("uploaded_at", "pk"):
        by_stage.setdefault(document.stage, []).append(document)
    views = []
    for index, item in enumerate(stages()):
        documents = by_stage.get(item.code, [])
        present = {document.kind for document in documents}
        views.append(
            StageView(
                stage=item,
                reached=index <= position,
                current=index == position and not project.is_finished,
                documents=documents,
                missing=[
                    doc.label for doc in item.documents if doc.required and doc.kind not in present
                ],
            )
        )
    return views


def missing_documents(project: LabProject) -> list[str]:
    """Labels of the current stage's required documents not uploaded yet."""
    current = next(view for view in project_stages(project) if view.stage.code == project.stage)
    return current.missing


def project_list(
    queryset: QuerySet[LabProject], *, opd_id: int | None = None, stage: str = ""
) -> QuerySet[LabProject]:
    if opd_id:
        queryset = queryset.filter(opd_id=opd_id)
    if stage:
        queryset = queryset.filter(stage=stage)
    return queryset


@dataclass
class CommitmentRow:
    opd: OpdUnit
    by_kind: dict[str, OpdCommitment | None]


@dataclass
class CommitmentTable:
    year: int
    kinds: tuple[CommitmentKind, ...]
    rows: list[CommitmentRow]
    lacking: dict[str, int]  # kind -> OPDs without it
    scored_by: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> indicator codes


def commitment_table(year: int) -> CommitmentTable:
    """Every OPD of the region against each kind of commitment for `year`: who has, who lacks."""
    kinds = commitment_kinds()
    found: dict[tuple[int, str], OpdCommitment] = {
        (item.opd_id, item.kind): item for item in OpdCommitment.objects.filter(year=year)
    }
    rows = [
        CommitmentRow(
            opd=opd, by_kind={kind.code: found.get((opd.pk, kind.code)) for kind in kinds}
        )
        for opd in OpdUnit.objects.order_by("name")
    ]
    lacking = {
        kind.code: sum(1 for row in rows if row.by_kind[kind.code] is None) for kind in kinds
    }
    return CommitmentTable(
        year=year,
        kinds=kinds,
        rows=rows,
        lacking=lacking,
        scored_by={kind.code: evidence_indicators(kind.code, year) for kind in kinds},
    )
