"""Computing and writing index snapshots. The computation runs in the region's schema and
finishes before anything is written; the write is one upsert in its own transaction, so a
failure leaves the previous snapshot as it was."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from rankings.models import IndexSnapshot

if TYPE_CHECKING:
    from regions.models import Region

logger = logging.getLogger(__name__)


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
    """Recompute and store the region's snapshot for `year`.

    `computed_at` is when the computation started, i.e. the data it saw. Two recomputes of the
    same region can overlap (a nightly one and a debounced one); the one that read older data
    never overwrites the newer result."""
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
    return snapshot


def queue_all_snapshots(year: int | None = None, window_seconds: int | None = None) -> int:
    """Record one snapshot recompute per active region, due times spread evenly over the window
    (default SNAPSHOT_NIGHTLY_WINDOW_MINUTES): region i of n is due i/n of the way into it.
    Returns how many were recorded."""
    from django.conf import settings
    from django.utils.translation import gettext as _

    from pipeline.services import record_many
    from regions.models import Region
    from rubric.years import current_year

    year = year or current_year()
    if window_seconds is None:
        window_seconds = settings.SNAPSHOT_NIGHTLY_WINDOW_MINUTES * 60
    region_ids = list(
        Region.objects.filter(is_active=True).order_by("code").values_list("pk", flat=True)
    )
    step = window_seconds / len(region_ids) if region_ids else 0
    now = timezone.now()
    with transaction.atomic():
        record_many(
            {
                "name": "rankings.snapshot",
                "region": region_id,
                "year": year,
                "due_at": now + timedelta(seconds=round(position * step)),
            }
            for position, region_id in enumerate(region_ids)
        )
    logger.info(
        _("%(n)d perhitungan snapshot tahun %(year)d dijadwalkan selama %(minutes)d menit."),
        {"n": len(region_ids), "year": year, "minutes": window_seconds // 60},
    )
    return len(region_ids)
