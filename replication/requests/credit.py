"""Replication credit: when a cooperation reaches its agreement, the origin innovation's
replication indicator (the rubric indicator marked `derived_from: replications`) is set, in the
origin region's schema, to the number of distinct regions that replicate it, with the agreement
document as accepted evidence. This is the one place that writes into another region's schema,
on purpose, and every write is recorded in the origin's history.

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


def replicating_regions(request: ReplicationRequest) -> int:
    return (
        ReplicationRequest.objects.filter(
            origin_id=request.origin_id,
            origin_innovation_id=request.origin_innovation_id,
            status__in=CREDITED_STATUSES,
        )
        .values("requester_id")
        .distinct()
        .count()
    )


def credit_origin(request: ReplicationRequest, event: RequestEvent) -> bool:
    """Apply the credit of `request` (already in an agreement state, row locked by the caller).
    Returns False when there was nothing to credit (origin innovation gone, or no such
    indicator in this year's rubric). Safe to call twice: evidence is added once per request."""
    return _recount(request, event, withdraw=False)


def withdraw_credit(request: ReplicationRequest, event: RequestEvent) -> bool:
    """Take the credit of `request` back (it left the credited statuses, row locked by the
    caller): the level is counted again and this request's copy of the agreement is removed."""
    return _recount(request, event, withdraw=True)


def _recount(request: ReplicationRequest, event: RequestEvent, *, withdraw: bool) -> bool:
    from pipeline.services import record, region_changed
    from rubric.selectors import year_rubric
    from tenants.assessment.models import Answer, Evidence, EvidenceStatus
    from tenants.assessment.services import report_for
    from tenants.assessment.years import current_year
    from tenants.history.models import Change
    from tenants.history.services import record_change
    from tenants.innovations.models import Innovation

    year = current_year()
    # Both regions move with this request, even when no indicator is credited below: the
    # origin's catalog entry counts its replicas and its snapshot the replications given, the
    # requester's snapshot the replications received.
    region_changed(request.origin_id, year=year)
    record("rankings.snapshot", region=request.requester_id, year=year)
    rubric = year_rubric(year)
    indicator = rubric.derived("replications") if rubric else None
    agreement = request.documents.filter(kind="kesepakatan").order_by("-pk").first()
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
        count = replicating_regions(request)
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
    request.save(update_fields=["credited_at"])
    event.data = {**event.data, "credited_level": level, "replicating_regions": count}
    event.save(update_fields=["data"])
    return True
