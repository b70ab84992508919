"""Background recomputation of index snapshots.

`refresh_region_snapshot` recomputes one region and year: queued (debounced) after the region's
data changes (rankings.queue) and by the nightly fan-out `refresh_all_snapshots` (beat), which
spreads one task per active region over SNAPSHOT_NIGHTLY_WINDOW_MINUTES instead of starting 552
at the same second. Both are public-schema tasks, whatever schema they were queued from:
`refresh_snapshot` enters the region's schema by itself and writes the snapshot atomically, so a
recompute that fails, even after its retries, leaves the previous snapshot in place."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

logger = logging.getLogger(__name__)

# Database trouble (a lost connection, a deadlock, two recomputes inserting the same new row) is
# usually gone a few seconds later; anything else is a bug that a retry would only repeat.
RETRY_ON = (DatabaseError, InterfaceError)


@shared_task(
    name="rankings.refresh_region_snapshot",
    bind=True,
    autoretry_for=RETRY_ON,
    max_retries=3,
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
)
def refresh_region_snapshot(self: Task, region_id: int, year: int) -> dict[str, Any] | None:
    """Recompute the snapshot of one active region for `year`. Returns a short summary, or None
    when the region is gone or inactive, or the year has no rubric."""
    from rankings.queue import release
    from rankings.services import refresh_snapshot
    from regions.models import Region

    # Given back before computing: what commits from now on may not be read by this run, so a
    # change made meanwhile must be able to queue the next one.
    release(region_id, year)
    with schema_context(get_public_schema_name()):
        region = Region.objects.filter(pk=region_id, is_active=True).first()
        if region is None:
            return None
        try:
            snapshot = refresh_snapshot(region, year)
        except Exception as exc:
            values = {"region": region.slug, "year": year, "attempt": self.request.retries + 1}
            if isinstance(exc, RETRY_ON) and self.request.retries < self.max_retries:
                logger.warning(
                    _(
                        "Snapshot %(region)s tahun %(year)s gagal dihitung (percobaan "
                        "%(attempt)d) dan akan dicoba lagi; snapshot sebelumnya tetap."
                    ),
                    values,
                )
            else:
                logger.error(
                    _(
                        "Snapshot %(region)s tahun %(year)s gagal dihitung (percobaan "
                        "%(attempt)d) dan tidak dicoba lagi; snapshot sebelumnya tetap."
                    ),
                    values,
                )
            raise
    if snapshot is None:
        return None
    return {"region": region.slug, "year": year, "index": str(snapshot.index)}


@shared_task(name="rankings.refresh_all_snapshots")
def refresh_all_snapshots(year: int | None = None, window_seconds: int | None = None) -> int:
    """Queue one `refresh_region_snapshot` per active region, their countdowns spread evenly
    over the window (default SNAPSHOT_NIGHTLY_WINDOW_MINUTES), so the database and the workers
    see a steady trickle. Returns how many were queued."""
    from rankings.queue import public_headers
    from regions.models import Region
    from tenants.assessment.years import current_year

    with schema_context(get_public_schema_name()):
        year = year or current_year()
        if window_seconds is None:
            window_seconds = settings.SNAPSHOT_NIGHTLY_WINDOW_MINUTES * 60
        region_ids = list(
            Region.objects.filter(is_active=True).order_by("code").values_list("pk", flat=True)
        )
    # Region i of n starts i/n of the way into the window: evenly spaced, the last one starting
    # one step before the window ends.
    step = window_seconds / len(region_ids) if region_ids else 0
    headers = public_headers()
    for position, region_id in enumerate(region_ids):
        refresh_region_snapshot.apply_async(
            args=[region_id, year], countdown=round(position * step), headers=headers
        )
    logger.info(
        _("%(n)d perhitungan snapshot tahun %(year)d diantrekan selama %(minutes)d menit."),
        {"n": len(region_ids), "year": year, "minutes": window_seconds // 60},
    )
    return len(region_ids)
