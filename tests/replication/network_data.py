"""Public-schema rows for the network and suggestion tests: catalog entries and requests made
directly (no region schema needed), so the tests can use regions that are not activated."""

from __future__ import annotations

import itertools
import uuid
from decimal import Decimal

from django.utils import timezone

from replication.catalog.models import CatalogEntry
from replication.requests.models import ReplicationRequest
from tests.conftest import region_by_slug

_ids = itertools.count(10_000)


def region(slug: str):
    return region_by_slug(slug)


def entry(
    origin,
    name: str,
    *,
    affair: str = "kesehatan",
    affair_name: str | None = None,
    score: str = "50",
    max_score: str = "100",
    completeness: str = "0.50",
    replicas: int = 0,
    **fields,
) -> CatalogEntry:
    return CatalogEntry.objects.create(
        region=origin,
        province_id=origin.province_id,
        innovation_id=next(_ids),
        public_id=uuid.uuid4(),
        name=name,
        opd_name="Dinas Contoh",
        stage="implementation",
        form="public_service",
        affair=affair,
        affair_name=affair_name or affair.replace("-", " ").title(),
        year=2026,
        score=Decimal(score),
        max_score=Decimal(max_score),
        evidence_completeness=Decimal(completeness),
        replica_count=replicas,
        published_at=timezone.now(),
        **fields,
    )


def request(requester, origin, status: str, *, of: CatalogEntry | None = None):
    innovation_id = of.innovation_id if of else next(_ids)
    return ReplicationRequest.objects.create(
        requester=requester,
        origin=origin,
        entry=of,
        origin_innovation_id=innovation_id,
        origin_public_id=of.public_id if of else uuid.uuid4(),
        innovation_name=of.name if of else f"Inovasi {innovation_id}",
        status=status,
    )
