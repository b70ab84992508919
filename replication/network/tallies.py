"""The `rankings.replications` effect: how many regions replicated the region's innovations
(given) and how many replications it made (received), counted over credited requests in the
public schema and stored on the region's snapshots (rankings.services). Recorded whenever a
request gains or loses its credit, and for a region's first snapshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count

from rankings.services import store_replication_counts
from replication.requests.models import CREDITED_STATUSES, ReplicationRequest

if TYPE_CHECKING:
    from pipeline.runner import Job
    from regions.models import Region


def replication_counts(region: Region | int) -> tuple[int, int]:
    """(given, received): distinct regions that replicated this one's innovations, and the
    credited replications this region made."""
    credited = ReplicationRequest.objects.filter(status__in=CREDITED_STATUSES)
    given = credited.filter(origin=region).aggregate(n=Count("requester", distinct=True))["n"]
    received = credited.filter(requester=region).count()
    return given or 0, received


def apply(job: Job) -> None:
    if job.region is None:
        return
    given, received = replication_counts(job.region)
    store_replication_counts(job.region, given=given, received=received)
