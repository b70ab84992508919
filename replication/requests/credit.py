"""Replication credit: when both sides have confirmed a cooperation's agreement, the origin
innovation's replication indicator (the rubric indicator marked `derived_from: replications`) is
set, in the origin region's schema, to the number of distinct regions that replicate it, with
the agreement document as accepted evidence. The writes into the origin's schema go
through the origin's own services (tenants.assessment.derived), which record its history.

The credit goes into the report of the agreement's year, and only while that year is open
(rubric.years.is_open): a replication agreed in 2024 does not raise the 2026 report,
and one confirmed after its year was assessed is shown (in the catalog, the timeline and the
lineage) but not counted. The level of a year counts the distinct regions credited into that
year.

When a credited cooperation is cancelled, the count is taken again without it and its copy of
the agreement is removed (withdraw_credit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from replication.requests.models import CREDITED_STATUSES, ReplicationRequest

if TYPE_CHECKING:
    from replication.requests.models import RequestEvent


def credit_year(request: ReplicationRequest) -> int | None:
    """The report year the request's credit belongs in: its agreement's year, while that year
    is open; None when it is shown but not counted."""
    from rubric.years import is_open

    signed = request.agreement_signed_on
    if signed is None or not is_open(signed.year):
        return None
    return signed.year


def replicating_regions(request: ReplicationRequest, year: int) -> int:
    """Distinct regions whose credited cooperation on this innovation counts in `year`."""
    return (
        ReplicationRequest.objects.filter(
            origin_id=request.origin_id,
            origin_innovation_id=request.origin_innovation_id,
            status__in=CREDITED_STATUSES,
            credit_year=year,
        )
        .values("requester_id")
        .distinct()
        .count()
    )


def credit_origin(request: ReplicationRequest, event: RequestEvent) -> None:
    """Apply the credit of `request` (its agreement confirmed by both sides, row locked by the
    caller). Nothing is counted when the agreement's year is closed, the origin innovation is
    gone, or that year's rubric has no such indicator. Safe to call twice: evidence is added
    once per request."""
    _regions_changed(request)
    year = credit_year(request)
    if year is None:
        # Shown, not counted: the timeline says so.
        signed = request.agreement_signed_on
        event.data = {**event.data, "credit_not_counted": signed.year if signed else None}
        event.save(update_fields=["data"])
        return
    # Counted from here on (the count below includes it); undone if nothing could be written.
    request.credit_year = year
    request.save(update_fields=["credit_year"])
    if not _recount(request, event, year, withdraw=False):
        request.credit_year = None
        request.save(update_fields=["credit_year"])


def withdraw_credit(request: ReplicationRequest, event: RequestEvent) -> None:
    """Take the credit of `request` back (it left the credited statuses, row locked by the
    caller): the level of the year it counted in is taken again and this request's copy of the
    agreement is removed."""
    _regions_changed(request)
    if request.credit_year is not None:  # else it was never counted
        _recount(request, event, request.credit_year, withdraw=True)


def _regions_changed(request: ReplicationRequest) -> None:
    """Both regions move with this request, even when no indicator is credited: the origin's
    catalog entry counts its replicas and its snapshot the replications given, the requester's
    snapshot the replications received (of the year being reported, which is also the only
    year a credit can go into)."""
    from pipeline.services import record, region_changed
    from rubric.years import current_year

    year = current_year()
    region_changed(request.origin_id, year=year)
    record("rankings.snapshot", region=request.requester_id, year=year)
    record("rankings.replications", region=request.origin_id)
    record("rankings.replications", region=request.requester_id)


def _recount(
    request: ReplicationRequest, event: RequestEvent, year: int, *, withdraw: bool
) -> bool:
    """Count the year's replicating regions again and set the origin's derived answer, adding
    (or, withdrawing, removing) this request's copy of the agreement, through the origin's own
    assessment services. False when there was nothing to set."""
    from tenants.assessment.derived import (
        CopiedDocument,
        derived_evidence_add,
        derived_evidence_remove,
        derived_level_set,
    )

    requester = request.requester.display_name
    summary = (
        _("Kredit replikasi dari %(region)s dicabut: %(n)d daerah mereplikasi")
        if withdraw
        else _("Kredit replikasi dari %(region)s: %(n)d daerah mereplikasi")
    )
    result = derived_level_set(
        region=request.origin,
        innovation_id=request.origin_innovation_id,
        year=year,
        source="replications",
        count=lambda: replicating_regions(request, year),
        note=lambda n: (
            _("Diisi otomatis dari %(n)d daerah yang mereplikasi (Lumbung Inovasi).") % {"n": n}
        ),
        summary=lambda n: summary % {"region": requester, "n": n},
        action="replication_withdrawn" if withdraw else "replication_credited",
    )
    if result is None:
        return False
    agreement = request.agreement_document()
    if withdraw:
        derived_evidence_remove(region=request.origin, answer=result.answer, source_id=request.pk)
    elif agreement is not None:

        def read() -> bytes:
            with agreement.file.open("rb") as handle:
                return handle.read()

        derived_evidence_add(
            region=request.origin,
            answer=result.answer,
            document=CopiedDocument(
                source_id=request.pk,
                name=agreement.original_name or "kesepakatan.pdf",
                content_type=agreement.content_type,
                size=agreement.size,
                read=read,
                note=_("Dokumen kesepakatan replikasi oleh %(region)s, nomor %(number)s.")
                % {"region": requester, "number": request.agreement_number},
            ),
        )
    request.credited_at = None if withdraw else timezone.now()
    if withdraw:
        request.credit_year = None
    request.save(update_fields=["credited_at", "credit_year"])
    event.data = {
        **event.data,
        "credited_level": result.level,
        "replicating_regions": result.count,
        "credit_year": year,
    }
    event.save(update_fields=["data"])
    return True
