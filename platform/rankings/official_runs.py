"""The official-results import as an import run (imports.runs): planned from the kept file with
the year and source the operator gave, applied when the operator confirms."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from accounts.policy import Action, can
from imports.models import ImportKind, ImportRun
from imports.runs import Importer, Progress, register
from imports.vocabulary import register as register_vocabulary
from rankings.official import (
    PREDICATE_VOCABULARY,
    OfficialPlan,
    apply_official_results,
    plan_official_results,
)
from rubric.bands import all_labels

if TYPE_CHECKING:
    from imports.runs import Planned


def _plan(
    run: ImportRun, file: IO[bytes], progress: Progress | None, row_limit: int | None
) -> OfficialPlan:
    return plan_official_results(
        file,
        filename=run.filename,
        year=run.options.get("year"),
        source=run.options.get("source", ""),
        progress=progress,
        row_limit=row_limit,
    )


def _apply(run: ImportRun, plan: Planned, choices: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(plan, OfficialPlan)  # the plan _plan made (imports.runs passes it back)
    outcome = apply_official_results(
        plan, filename=run.filename, source=run.options.get("source", ""), user=run.created_by
    )
    return {
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": plan.preview.count("unchanged"),
        "rejected": plan.preview.count("reject"),
        "years": outcome.years,
        "demo_removed": outcome.demo_removed,
        "failed": False,
        "errors": [[error.row, error.column, error.message] for error in outcome.errors],
    }


def register_official_import() -> None:
    register_vocabulary(PREDICATE_VOCABULARY, all_labels)
    register(
        ImportKind.OFFICIAL_RESULTS,
        Importer(
            plan=_plan,
            apply=_apply,
            allowed=lambda user, region: region is None and can(user, Action.MANAGE_PLATFORM),
        ),
    )
