"""The innovation import as an import run (imports.runs): the preview is planned from the kept
file, and the confirmation applies it with the OPDs the admin agreed to create."""

from __future__ import annotations

from typing import IO, Any

from accounts.policy import may_edit_some_innovation
from imports.models import ImportKind, ImportRun
from imports.runs import Importer, Progress, register
from tenants.spreadsheets.importer import (
    InnovationPlan,
    apply_innovations,
    plan_innovations,
)


def _plan(
    run: ImportRun, file: IO[bytes], progress: Progress | None, row_limit: int | None
) -> InnovationPlan:
    return plan_innovations(
        region=run.region, actor=run.created_by, file=file, progress=progress, row_limit=row_limit
    )


def _apply(run: ImportRun, plan: InnovationPlan, choices: dict[str, Any]) -> dict[str, Any]:
    wanted = set(choices.get("create_opds", ())) & set(plan.preview.proposals)
    result = apply_innovations(
        region=run.region, actor=run.created_by, plan=plan, create_opds=wanted
    )
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "opds_created": result.opds_created,
        "failed": result.failed,
        "errors": [[error.row, error.column, error.message] for error in result.errors],
    }


def register_innovation_import() -> None:
    register(
        ImportKind.INNOVATIONS,
        Importer(plan=_plan, apply=_apply, allowed=may_edit_some_innovation),
    )
