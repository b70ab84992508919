"""Where a region's data changes, its snapshot recompute is queued: the one listener.

Every service that changes what a snapshot reads (innovation profiles, SID and SPD answers,
evidence, verification steps, carry-over, replication credit and replicas) records the change in
the region's history (`tenants.history.services.record_change`) inside its transaction. The
history row is the announcement this module listens to, rather than `innovation_changed`:
the row also exists for the region's own SPD answers and evidence, which belong to no
innovation, and it carries the year the change is about. The queueing itself waits for the
commit and is debounced (rankings.queue), so a burst of edits costs one recompute.

A write that bypasses record_change (or creates history rows with bulk_create, which sends no
signal) is not seen here; the nightly run still catches it up."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from rankings.queue import queue_snapshot_refresh


def _on_change_recorded(
    sender: type, instance: Any, created: bool = False, raw: bool = False, **kwargs: object
) -> None:
    if not created or raw:
        return
    from regions.selectors import connection_region

    region = connection_region()
    if region is not None:
        # A profile change has no year of its own: it counts in the current assessment year.
        queue_snapshot_refresh(region, instance.year or None)


def connect() -> None:
    from tenants.history.models import Change

    post_save.connect(_on_change_recorded, sender=Change, dispatch_uid="snapshot-refresh-queue")
