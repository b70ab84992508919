from __future__ import annotations

from celery import shared_task


@shared_task(name="catalog.prune_changes")
def prune_changes_task() -> int:
    """Forget old catalog changes every reader has applied (hourly, from beat)."""
    from replication.catalog.facet_index import prune_changes

    return prune_changes()
