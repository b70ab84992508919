"""Replication credit: when both sides have confirmed a cooperation's agreement, the origin
innovation's replication indicator (the rubric indicator marked `derived_from: replications`) is
set, in the origin region's schema, to the number of distinct regions that replicate it, with
the agreement document as accepted evidence. This is the one place that writes into another
region's schema, on purpose, and every write is recorded in the origin's history.

The credit goes into the report of the agreement's year, and only while that year is open
(tenants.assessment.years.is_open): a replication agreed in 2024 does not raise the 2026 report,
and one confirmed after its year was assessed is shown (in the catalog, the timeline and the
lineage) but not counted. The level of a year counts the distinct regions credited into that
year.

When a credited cooperation is cancelled, the count is taken again without it and its copy of
the agreement is removed (withdraw_credit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from core.files import delete_after_commit
from replication.requests.models import CREDITED_STATUSES, ReplicationRequest

if TYPE_CHECKING:
    from replication.requests.models import RequestEvent


def credit_year(request: ReplicationRequest) -> int | None:
    """The report year the request's credit belongs in: its agreement's year, while that year
    is open; None when it is shown but not counted."""
    from tenants.assessment.years import is_open

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
    from tenants.assessment.years import current_year

    year = current_year()
    region_changed(request.origin_id, year=year)
    record("rankings.snapshot", region=request.requester_id, year=year)


def _recount(
    request: ReplicationRequest, event: RequestEvent, year: int, *, withdraw: bool
) -> bool:
    from rubric.selectors import year_rubric
    from tenants.assessment.models import Answer, Evidence, EvidenceStatus
    from tenants.assessment.services import report_for
    from tenants.history.models import Change
    from tenants.history.services import record_change
    from tenants.innovations.models import Innovation

    rubric = year_rubric(year)
    indicator = rubric.derived("replications") if rubric else None
    agreement = request.agreement_document()
    marker = f"replication-request:{request.pk}"
    with tenant_context(request.origin):
        # Lock the origin innovation before counting: two regions reaching their agreements at
        # the same moment each lock only their own request, and without this both would count
        # the other as not yet agreed (level 1 instead of 2). The second waits here and, its
        # next statement seeing the first one committed, counts both.
        innovation = (
            Innovation.objects.select_for_update().filter(pk=request.origin_innovation_id).first()
        )
        if innovation is None:
            return False
        count = replicating_regions(request, year)
        if indicator is None:
            # No indicator to fill this year; the catalog entry (refreshed through the effect
            # recorded above) still shows how often it is replicated.
            return False
        levels = sorted(
            {level for (code, _basis, level) in rubric.options if code == indicator.code}
        )
        level = min(count, levels[-1]) if count and levels else None
        report = report_for(innovation, year)
        answer, _created = Answer.objects.get_or_create(
            report=report, year=year, indicator_code=indicator.code
        )
        old_level = answer.level
        answer.level = level
        answer.basis = ""
        answer.note = _("Diisi otomatis dari %(n)d daerah yang mereplikasi (Lumbung Inovasi).") % {
            "n": count
        }
        answer.save()
        own_copies = Evidence.objects.filter(answer=answer, review_note__startswith=marker)
        if withdraw:
            names = [copy.file.name for copy in own_copies if copy.file]
            own_copies.delete()
            delete_after_commit(names, Evidence.file.field.storage)
        elif agreement is not None and not own_copies.exists():
            copy = Evidence(
                answer=answer,
                original_name=agreement.original_name,
                content_type=agreement.content_type,
                size=agreement.size,
                status=EvidenceStatus.ACCEPTED,
                reviewed_at=timezone.now(),
                review_note=f"{marker} "
                + _("Dokumen kesepakatan replikasi oleh %(region)s, nomor %(number)s.")
                % {"region": request.requester.display_name, "number": request.agreement_number},
            )
            with agreement.file.open("rb") as handle:
                copy.file.save(
                    agreement.original_name or "kesepakatan.pdf",
                    ContentFile(handle.read()),
                    save=False,
                )
            copy.save()
        summary = (
            _("Kredit replikasi dari %(region)s dicabut: %(n)d daerah mereplikasi")
            if withdraw
            else _("Kredit replikasi dari %(region)s: %(n)d daerah mereplikasi")
        )
        record_change(
            region=request.origin,
            actor=None,
            subject=Change.Subject.ANSWER,
            action="replication_withdrawn" if withdraw else "replication_credited",
            innovation=innovation,
            year=year,
            subject_id=answer.pk,
            summary=summary % {"region": request.requester.display_name, "n": count},
            changes={"level": [old_level, level]},
        )
    request.credited_at = None if withdraw else timezone.now()
    if withdraw:
        request.credit_year = None
    request.save(update_fields=["credited_at", "credit_year"])
    event.data = {
        **event.data,
        "credited_level": level,
        "replicating_regions": count,
        "credit_year": year,
    }
    event.save(update_fields=["data"])
    return True
