"""The innovation import as an import run (imports.runs): the preview is planned from the kept
file, and the confirmation applies it with the OPDs the admin agreed to create."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from accounts.policy import may_edit_some_innovation
from imports.models import ImportKind, ImportRun
from imports.runs import Importer, Progress, register
from tenants.spreadsheets.importer import (
    InnovationPlan,
    apply_innovations,
    plan_innovations,
)

if TYPE_CHECKING:
    from imports.runs import Planned
    from regions.models import Region


def _region(run: ImportRun) -> Region:
    # Innovations are imported on a region's site (spreadsheets.views.index): never without one.
    assert run.region is not None
    return run.region


def _plan(
    run: ImportRun, file: IO[bytes], progress: Progress | None, row_limit: int | None
) -> InnovationPlan:
    return plan_innovations(
        region=_region(run),
        actor=run.created_by,
        file=file,
        progress=progress,
        row_limit=row_limit,
    )


def _apply(run: ImportRun, plan: Planned, choices: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(plan, InnovationPlan)  # the plan _plan made (imports.runs passes it back)
    wanted = set(choices.get("create_opds", ())) & set(plan.preview.proposals)
    result = apply_innovations(
        region=_region(run), actor=run.created_by, plan=plan, create_opds=wanted
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
