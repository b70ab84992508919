"""The `catalog.region` effect (pipeline.effects): after any change of a region's data, its
entries in the national catalog are brought equal to it — created, rewritten, removed — and a
region that is not active has none. The work is the rebuild of that one region
(replication.catalog.rebuild.rebuild_region): recomputed from the source, so applying it twice
changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from replication.catalog.rebuild import rebuild_region
from replication.catalog.sync import copy_standing, lock_region

if TYPE_CHECKING:
    from pipeline.runner import Job


def apply(job: Job) -> None:
    if job.region is not None:
        rebuild_region(job.region)


def apply_standing(job: Job) -> None:
    """The `catalog.standing` effect: only the region's standing moved (its snapshot was
    recomputed), so only that is written on its entries — one statement, not a rebuild."""
    if job.region is not None and job.region.is_active:
        lock_region(job.region.pk)
        copy_standing(job.region)
