"""The `rankings.snapshot` effect: a region's index snapshot of one year, recomputed from its
data some seconds after it changed (pipeline.effects; the debounce is SNAPSHOT_DEBOUNCE_SECONDS).

When the current year's public standing (the index over verified reports) moved, the region's
catalog entries must show it: that is the `catalog.standing` effect, recorded here in the same
transaction as the snapshot, rather than written into the catalog from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from pipeline.services import record
from rankings.models import IndexSnapshot
from rankings.services import refresh_snapshot

if TYPE_CHECKING:
    from pipeline.runner import Job
    from regions.models import Region

STANDING_FIELDS = ("verified_index", "verified_predicate_code", "verified_predicate_label")


def apply(job: Job) -> None:
    if job.region is None or job.year is None or not job.region.is_active:
        return  # a closed region keeps its last snapshot until it is active again
    refresh(job.region, job.year)


def refresh(region: Region, year: int, *, catalog: bool = False) -> IndexSnapshot | None:
    """Recompute the snapshot; when it moved the region's current public standing (or with
    `catalog`, whatever happened) ask for the catalog entries to follow, in the same
    transaction."""
    from rubric.years import current_year

    with transaction.atomic():
        before = (
            IndexSnapshot.objects.filter(region=region, year=year).values(*STANDING_FIELDS).first()
        )
        snapshot = refresh_snapshot(region, year)
        if snapshot is not None and year == current_year():
            after = {name: getattr(snapshot, name) for name in STANDING_FIELDS}
            if catalog or before != after:
                record("catalog.standing", region=region)
    return snapshot
