"""Reads of replication requests, always as one region sees them: its inbox (incoming: others
asking to replicate its innovations; outgoing: its own requests), one request only when the
region is a party to it, and the lineage of an innovation (its origin, its replicas)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.policy import Action, can
from replication.requests.models import (
    CLOSED_STATUSES,
    CREDITED_STATUSES,
    ReplicationRequest,
    RequestDocument,
    RequestEvent,
    RequestStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation

INCOMING, OUTGOING = "incoming", "outgoing"
BOXES = (INCOMING, OUTGOING)


def inbox(region: Region, *, box: str | None = None, status: str | None = None) -> QuerySet:
    """The requests the region is a party to, newest activity first; `box` narrows to incoming
    (the region is the origin) or outgoing (the region asks)."""
    if box == INCOMING:
        queryset = ReplicationRequest.objects.filter(origin=region)
    elif box == OUTGOING:
        queryset = ReplicationRequest.objects.filter(requester=region)
    else:
        queryset = ReplicationRequest.objects.filter(Q(origin=region) | Q(requester=region))
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("requester", "origin").order_by("-updated_at", "-pk")


@dataclass(frozen=True)
class CreditState:
    """Where the request's replication credit stands, for its page: `waiting` (agreement
    recorded, not yet confirmed by the other side), `counted` (in `year`'s report of the
    origin), `closed_year` (confirmed, but its agreement's year `year` was already closed:
    shown, not counted), `not_counted` (that year's rubric has no replication indicator, or the
    origin innovation is gone) or "" (no credit at this stage)."""

    state: str
    year: int | None = None


def credit_state(request: ReplicationRequest) -> CreditState:
    if request.status == RequestStatus.AGREEMENT_RECORDED:
        return CreditState("waiting")
    if request.status not in CREDITED_STATUSES:
        return CreditState("")
    if request.credit_year is not None:
        return CreditState("counted", request.credit_year)
    from rubric.years import is_open

    signed = request.agreement_signed_on
    if signed is not None and not is_open(signed.year):
        return CreditState("closed_year", signed.year)
    return CreditState("not_counted", signed.year if signed else None)


@dataclass(frozen=True)
class InboxCounts:
    incoming: int
    outgoing: int
    incoming_open: int
    outgoing_open: int
    by_status: dict[str, int]


def inbox_counts(region: Region, *, box: str | None = None) -> InboxCounts:
    """How many requests the region has in each box and (within `box`) in each status, in two
    queries."""
    open_filter = ~Q(status__in=CLOSED_STATUSES)
    totals = ReplicationRequest.objects.filter(Q(origin=region) | Q(requester=region)).aggregate(
        incoming=Count("pk", filter=Q(origin=region)),
        outgoing=Count("pk", filter=Q(requester=region)),
        incoming_open=Count("pk", filter=Q(origin=region) & open_filter),
        outgoing_open=Count("pk", filter=Q(requester=region) & open_filter),
    )
    by_status = dict(
        inbox(region, box=box).order_by().values_list("status").annotate(n=Count("pk"))
    )
    return InboxCounts(by_status=by_status, **totals)


def request_of_party(region: Region | None, pk: int) -> ReplicationRequest | None:
    """Request `pk` if `region` is its requester or its origin (None otherwise: callers answer
    404, so requests between other regions are not even confirmed to exist)."""
    if region is None:
        return None
    return (
        ReplicationRequest.objects.select_related("requester", "origin", "entry")
        .filter(Q(origin=region) | Q(requester=region), pk=pk)
        .first()
    )


def visible_request(
    user: User | AnonymousUser, region: Region | None, pk: int
) -> ReplicationRequest | None:
    """Request `pk` for a member of one of its two regions, seen from that region's site."""
    if region is None or not can(user, Action.VIEW_REGION, region):
        return None
    return request_of_party(region, pk)


def timeline(request: ReplicationRequest) -> list[RequestEvent]:
    """The request's events in order, each with its actor's region and its documents."""
    return list(
        request.events.select_related("actor_region").prefetch_related(
            Prefetch("documents", queryset=RequestDocument.objects.order_by("kind", "pk"))
        )
    )


def request_document(request: ReplicationRequest, doc_id: int) -> RequestDocument | None:
    return request.documents.filter(pk=doc_id).first()


@dataclass(frozen=True)
class OriginLink:
    """Where a replica comes from."""

    name: str
    region_name: str
    region_code: str
    public_id: UUID | None
    in_catalog: bool  # the origin is still published: link its catalog entry
    request_id: int | None  # the cooperation that created the replica, seen from this region


@dataclass(frozen=True)
class ReplicaLink:
    """One region replicating an innovation (from its agreement on)."""

    request_id: int
    region_name: str
    status: str
    status_label: str
    replica_name: str
    agreement_signed_on: object
    catalog_public_id: UUID | None  # the replica is itself published
    credit_year: int | None = None  # the origin's report it counts in; None: shown, not counted


@dataclass
class Lineage:
    origin: OriginLink | None = None
    replicas: list[ReplicaLink] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.origin is None and not self.replicas


def innovation_lineage(region: Region, innovation: Innovation) -> Lineage:
    """The innovation's place in the replication network: the origin it replicates (when it is a
    replica) and the regions that replicate it (credited statuses: from the agreement on).
    Public-schema reads only; a fixed number of queries."""
    from regions.models import Region as RegionModel
    from replication.catalog.models import CatalogEntry

    lineage = Lineage()
    if innovation.origin_public_id:
        origin_region = (
            RegionModel.objects.filter(code=innovation.origin_region_code)
            .only("name", "kind", "code")
            .first()
        )
        request_id = (
            ReplicationRequest.objects.filter(requester=region, replica_innovation_id=innovation.pk)
            .values_list("pk", flat=True)
            .first()
        )
        lineage.origin = OriginLink(
            name=innovation.origin_name,
            region_name=origin_region.display_name if origin_region else "",
            region_code=innovation.origin_region_code,
            public_id=innovation.origin_public_id,
            in_catalog=CatalogEntry.objects.filter(public_id=innovation.origin_public_id).exists(),
            request_id=request_id,
        )
    requests = list(
        ReplicationRequest.objects.filter(
            origin=region, origin_innovation_id=innovation.pk, status__in=CREDITED_STATUSES
        )
        .select_related("requester")
        .order_by("agreement_signed_on", "pk")
    )
    if requests:
        published = dict(
            CatalogEntry.objects.filter(
                origin_public_id=innovation.public_id,
                region_id__in=[item.requester_id for item in requests],
            ).values_list("region_id", "public_id")
        )
        lineage.replicas = [
            ReplicaLink(
                request_id=item.pk,
                region_name=item.requester.display_name,
                status=item.status,
                status_label=str(item.get_status_display()),
                replica_name=item.replica_name,
                agreement_signed_on=item.agreement_signed_on,
                catalog_public_id=published.get(item.requester_id),
                credit_year=item.credit_year,
            )
            for item in requests
        ]
    return lineage
