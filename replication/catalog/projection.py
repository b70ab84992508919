"""The `catalog.region` effect (pipeline.effects): after any change of a region's data, its
entries in the national catalog are brought equal to it — created, rewritten, removed — and a
region that is not active has none. The work is the rebuild of that one region
(replication.catalog.rebuild.rebuild_region): recomputed from the source, so applying it twice
changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from replication.catalog.rebuild import rebuild_region

if TYPE_CHECKING:
    from pipeline.runner import Job


def apply(job: Job) -> None:
    if job.region is not None:
        rebuild_region(job.region)
