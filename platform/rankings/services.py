"""Writing index snapshots. The figures are computed on the region side, in its own schema
(tenants.scoring.snapshot), and finish before anything is written here; the write is one upsert
in its own transaction, so a failure leaves the previous snapshot as it was."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from rankings.models import IndexSnapshot

if TYPE_CHECKING:
    from regions.models import Region

logger = logging.getLogger(__name__)


STANDING_FIELDS = ("verified_index", "verified_predicate_code", "verified_predicate_label")
REPLICATION_FIELDS = ("replications_given", "replications_received")
# What a `snapshot.changed` webhook event tells, and compares with the snapshot before.
SNAPSHOT_EVENT_FIELDS = (
    "index",
    "predicate_code",
    "predicate_label",
    "verified_index",
    "verified_predicate_code",
    "verified_predicate_label",
)


def store_snapshot(
    region: Region,
    year: int,
    values: dict[str, Any],
    *,
    computed_at: datetime,
    catalog: bool = False,
) -> IndexSnapshot:
    """Store the figures the region side computed (tenants.scoring.snapshot) as its snapshot.

    Two recomputes of the same region can overlap (a nightly one and a debounced one); the one
    that read older data (`computed_at` is when it started) never overwrites the newer result.
    When the current year's public standing moved (or, with `catalog`, whatever happened) the
    catalog entries are asked to follow, in the same transaction: the `catalog.standing`
    effect. A region's first snapshot asks for its replication counts (`rankings.replications`),
    which are counted on the national side."""
    from pipeline.services import record
    from rubric.years import current_year

    with transaction.atomic():
        current = IndexSnapshot.objects.select_for_update().filter(region=region, year=year).first()
        if current is not None and current.computed_at > computed_at:
            return current
        before = {name: getattr(current, name) for name in STANDING_FIELDS} if current else None
        # A new year's row starts with the counts on the region's other rows; none at all means
        # this is the region's first snapshot.
        counts = (
            IndexSnapshot.objects.filter(region=region).values(*REPLICATION_FIELDS).first() or {}
            if current is None
            else {}
        )
        first_of_region = current is None and not counts
        snapshot, _created = IndexSnapshot.objects.update_or_create(
            region=region,
            year=year,
            defaults={**values, "computed_at": computed_at},
            create_defaults={**counts, **values, "computed_at": computed_at},
        )
        if year == current_year():
            after = {name: getattr(snapshot, name) for name in STANDING_FIELDS}
            if catalog or before != after:
                record("catalog.standing", region=region)
        if first_of_region:
            record("rankings.replications", region=region)
        _announce_change(region, year, current, snapshot)
    return snapshot


def _announce_change(
    region: Region, year: int, before: IndexSnapshot | None, after: IndexSnapshot
) -> None:
    """A recompute that moved the index or the predicate is a webhook event (`snapshot.changed`)."""
    from webhooks.events import emit

    def standing(snapshot: IndexSnapshot) -> dict[str, Any]:
        return {
            name: None if getattr(snapshot, name) is None else str(getattr(snapshot, name))
            for name in SNAPSHOT_EVENT_FIELDS
        }

    now = standing(after)
    previous = standing(before) if before is not None else None
    if previous == now:
        return
    emit(
        "snapshot.changed",
        region=region,
        data={"year": year, **now, "previous": previous},
    )


def store_replication_counts(region: Region | int, *, given: int, received: int) -> int:
    """The replications the region gave and received, as counted on the national side, on every
    snapshot of the region (they are all-time counts). Returns how many snapshots changed."""
    return (
        IndexSnapshot.objects.filter(region=region)
        .exclude(replications_given=given, replications_received=received)
        .update(replications_given=given, replications_received=received)
    )


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
