"""The region's figures for the national rankings, computed in its own schema and handed to
platform/rankings to store. The region side produces them, as it publishes its catalog entries;
rankings only stores and reads snapshots. The `rankings.snapshot` effect runs `apply`
(pipeline.effects; debounced by SNAPSHOT_DEBOUNCE_SECONDS)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from rankings.services import store_snapshot
from rubric.selectors import year_rubric
from tenants.scoring.compute import score_region, verified_only
from tenants.scoring.selectors import year_facts

if TYPE_CHECKING:
    from pipeline.runner import Job
    from rankings.models import IndexSnapshot
    from regions.models import Region


def figures(region: Region, year: int) -> dict[str, Any] | None:
    """The snapshot's values, freshly computed from the region's data (None: no rubric).
    The replications given and received are counted on the national side (rankings.replications)."""
    rubric = year_rubric(year)
    if rubric is None:
        return None
    with tenant_context(region):
        facts = year_facts(year)
        score = score_region(rubric, facts)
        verified_facts = verified_only(facts)
        verified = score_region(rubric, verified_facts).result
        stages = Counter(item.innovation.stage for item in score.innovations)
        statuses = Counter(item.report.status for item in score.innovations)
        completeness = (
            sum((item.evidence_completeness for item in score.innovations), Decimal(0))
            / len(score.innovations)
            if score.innovations
            else Decimal(0)
        )
    result = score.result
    return {
        "spd_score": result.spd_score,
        "sid_score": result.sid_score,
        "count_score": result.count_score,
        "index": result.index,
        "predicate_code": result.predicate_code,
        "predicate_label": result.predicate_label,
        "verified_index": verified.index,
        "verified_predicate_code": verified.predicate_code,
        "verified_predicate_label": verified.predicate_label,
        "innovations_verified": len(verified_facts.reports),
        "innovations": len(score.innovations),
        "innovations_counted": result.innovation_count,
        "innovating_opds": len(
            {item.innovation.opd_id for item in score.innovations if item.innovation.opd_id}
        ),
        "by_stage": dict(stages),
        "by_status": dict(statuses),
        "evidence_completeness": completeness.quantize(Decimal("0.01")),
    }


def refresh(region: Region, year: int, *, catalog: bool = False) -> IndexSnapshot | None:
    """Recompute and store the region's snapshot for `year`. `computed_at` is when the
    computation started, i.e. the data it saw, so an overlapping older run never overwrites a
    newer result. With `catalog`, the catalog entries are asked to show the standing again even
    when it did not move."""
    started = timezone.now()
    values = figures(region, year)
    if values is None:
        return None
    return store_snapshot(region, year, values, computed_at=started, catalog=catalog)


def apply(job: Job) -> None:
    if job.region is None or job.year is None or not job.region.is_active:
        return  # a closed region keeps its last snapshot until it is active again
    refresh(job.region, job.year)
