"""Queueing a region's snapshot recompute after its data changed, debounced.

A change registers a callback that runs once its transaction commits (a rolled-back edit queues
nothing). The callback takes a short-lived key in the shared cache with `cache.add`: the first
change of a burst takes it and queues one task, delayed by SNAPSHOT_DEBOUNCE_SECONDS; the other
changes find the key taken and queue nothing, because the waiting task will read their data
too. The task gives the key back as it starts (`release`), so a change committed while it
computes queues the next run.

Queueing never breaks the change that asked for it: if Redis or the broker is down the failure
is logged, and the nightly run (`rankings.refresh_all_snapshots`) catches the region up."""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from regions.models import Region

logger = logging.getLogger(__name__)

KEY = "rankings:snapshot-refresh:{region_id}:{year}"
# The key outlives the task's countdown by this much. A task that has not started by then
# (no worker, a long queue) no longer blocks new changes from queueing another one.
KEY_GRACE_SECONDS = 300


def debounce_key(region_id: int, year: int) -> str:
    return KEY.format(region_id=region_id, year=year)


def public_headers() -> dict[str, str]:
    """Message headers that start a snapshot task in the public schema. tenant-schemas-celery
    would otherwise run it in the schema it was queued from, usually the edited region's."""
    from django_tenants.utils import get_public_schema_name

    return {"_schema_name": get_public_schema_name()}


def queue_snapshot_refresh(region: Region | int, year: int | None = None) -> None:
    """Recompute the region's snapshot for `year` (default: the current assessment year) soon
    after the current transaction commits; a burst of calls queues one task. Safe to call in a
    region's schema: only ids reach the task."""
    region_id = region if isinstance(region, int) else region.pk
    if year is None:
        from tenants.assessment.years import current_year

        year = current_year()
    transaction.on_commit(functools.partial(_queue_now, region_id, year))


def release(region_id: int, year: int) -> None:
    """Give the debounce key back (the task calls this as it starts)."""
    try:
        cache.delete(debounce_key(region_id, year))
    except Exception:  # the key expires by itself; the recompute matters more
        logger.warning(
            _("Kunci antrean snapshot daerah %(region)s tahun %(year)s tidak dapat dilepas."),
            {"region": region_id, "year": year},
            exc_info=True,
        )


def _queue_now(region_id: int, year: int) -> None:
    from rankings.tasks import refresh_region_snapshot

    delay = settings.SNAPSHOT_DEBOUNCE_SECONDS
    key = debounce_key(region_id, year)
    try:
        if not cache.add(key, "queued", timeout=delay + KEY_GRACE_SECONDS):
            return  # a recompute is already waiting and will read this change as well
    except Exception:
        logger.warning(
            _(
                "Perhitungan ulang snapshot daerah %(region)s tahun %(year)s tidak dapat "
                "diantrekan (cache tidak tersedia); jadwal malam akan menghitungnya."
            ),
            {"region": region_id, "year": year},
            exc_info=True,
        )
        return
    try:
        refresh_region_snapshot.apply_async(
            args=[region_id, year], countdown=delay, headers=public_headers()
        )
    except Exception:
        # The edit has committed; only the early recompute is lost. Give the key back so the
        # next change tries again.
        logger.warning(
            _(
                "Perhitungan ulang snapshot daerah %(region)s tahun %(year)s tidak dapat "
                "diantrekan (broker tidak tersedia); jadwal malam akan menghitungnya."
            ),
            {"region": region_id, "year": year},
            exc_info=True,
        )
        release(region_id, year)
