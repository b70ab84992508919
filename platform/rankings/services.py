"""Computing and writing index snapshots. The computation runs in the region's schema and
finishes before anything is written; the write is one upsert in its own transaction, so a
failure leaves the previous snapshot as it was."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from rankings.models import IndexSnapshot

if TYPE_CHECKING:
    from regions.models import Region


def compute_snapshot(region: Region, year: int) -> dict[str, Any] | None:
    """The snapshot's values, freshly computed from the region's data (None: no rubric)."""
    from django.db.models import Count

    from replication.requests.models import CREDITED_STATUSES, ReplicationRequest
    from rubric.selectors import year_rubric
    from tenants.scoring.compute import score_region, verified_only
    from tenants.scoring.selectors import year_facts

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
    credited = ReplicationRequest.objects.filter(status__in=CREDITED_STATUSES)
    given = credited.filter(origin=region).aggregate(n=Count("requester", distinct=True))["n"]
    received = credited.filter(requester=region).count()
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
        "by_stage": dict(stages),
        "by_status": dict(statuses),
        "evidence_completeness": completeness.quantize(Decimal("0.01")),
        "replications_given": given or 0,
        "replications_received": received,
    }


def refresh_snapshot(region: Region, year: int) -> IndexSnapshot | None:
    """Recompute and store the region's snapshot for `year`, and copy its public standing onto
    the region's catalog entries (the catalog's predicate facet) when `year` is the current one.

    `computed_at` is when the computation started, i.e. the data it saw. Two recomputes of the
    same region can overlap (a nightly one and a debounced one); the one that read older data
    never overwrites the newer result."""
    from replication.catalog.sync import write_region_standing
    from tenants.assessment.years import current_year

    started = timezone.now()
    values = compute_snapshot(region, year)
    if values is None:
        return None
    with transaction.atomic():
        current = IndexSnapshot.objects.select_for_update().filter(region=region, year=year).first()
        if current is not None and current.computed_at > started:
            return current
        snapshot, _created = IndexSnapshot.objects.update_or_create(
            region=region, year=year, defaults={**values, "computed_at": started}
        )
    if year == current_year():  # the facet shows where the region stands now, not in past years
        write_region_standing(
            region,
            values["verified_index"],
            values["verified_predicate_code"],
            values["verified_predicate_label"],
        )
    return snapshot
