"""Answers filled from facts outside the region: the rubric marks an indicator `derived_from` a
source (today "replications": how many regions replicate the innovation), and the platform, not
a person, sets its level and attaches the accepted evidence. The replication credit of the
shared layer reaches an origin region only through these services, which lock, count, write and
record the region's history in the region's own schema.

Evidence added here carries `credit_source_id` (the outside record it was copied from, e.g. a
replication request), so it is found again by that id, never by its text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.files import delete_after_commit, files_removed_on_failure
from rubric.selectors import year_rubric
from tenants.assessment.models import Answer, Evidence, EvidenceStatus
from tenants.assessment.services import report_for
from tenants.history.models import Change
from tenants.history.services import record_change, record_row, record_rows
from tenants.innovations.models import Innovation

if TYPE_CHECKING:
    from regions.models import Region


@dataclass(frozen=True)
class DerivedLevel:
    answer: Answer
    count: int  # what the source counted
    level: int | None  # the count, capped at the indicator's top level


@dataclass(frozen=True)
class CopiedDocument:
    """A document of the outside record, to keep as the answer's accepted evidence."""

    source_id: int
    name: str
    content_type: str
    size: int
    read: Callable[[], bytes]
    note: str


def derived_level_set(
    *,
    region: Region,
    innovation_id: int,
    year: int,
    source: str,
    count: Callable[[], int],
    note: Callable[[int], str],
    summary: Callable[[int], str],
    action: str,
) -> DerivedLevel | None:
    """Set the level of `year`'s indicator derived from `source` on the innovation's report to
    what `count()` says (capped at the top level; 0 clears it). `count` runs after the
    innovation is locked, so two credits arriving at once are counted one after the other.
    None when there is nothing to set: no such innovation, or no such indicator that year."""
    rubric = year_rubric(year)
    indicator = rubric.derived(source) if rubric else None
    with tenant_context(region), transaction.atomic():
        innovation = Innovation.objects.select_for_update().filter(pk=innovation_id).first()
        if innovation is None or rubric is None or indicator is None:
            return None
        counted = count()
        levels = sorted({level for (code, _b, level) in rubric.options if code == indicator.code})
        level = min(counted, levels[-1]) if counted and levels else None
        answer, _created = Answer.objects.get_or_create(
            report=report_for(innovation, year), year=year, indicator_code=indicator.code
        )
        old_level = answer.level
        answer.level = level
        answer.basis = ""
        answer.note = note(counted)
        answer.updated_by_id = None
        answer.save()
        record_change(
            region=region,
            actor=None,
            subject=Change.Subject.ANSWER,
            action=action,
            innovation=innovation,
            year=year,
            subject_id=answer.pk,
            parent_id=answer.report_id,
            summary=summary(counted),
            changes={"level": [old_level, level]},
        )
    return DerivedLevel(answer, counted, level)


def derived_evidence_add(*, region: Region, answer: Answer, document: CopiedDocument) -> Evidence:
    """Keep a copy of the outside record's document as accepted evidence of `answer`, once per
    source record (a second call returns the first copy)."""
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        existing = Evidence.objects.filter(
            answer=answer, credit_source_id=document.source_id
        ).first()
        if existing is not None:
            return existing
        copy = Evidence(
            answer=answer,
            original_name=document.name,
            content_type=document.content_type,
            size=document.size,
            status=EvidenceStatus.ACCEPTED,
            reviewed_at=timezone.now(),
            review_note=document.note,
            credit_source_id=document.source_id,
        )
        copy.file.save(document.name, ContentFile(document.read()), save=False)
        assert copy.file.name is not None  # save() has just stored the file under a name
        stored.append(copy.file.name)
        copy.save()
        # A row of the answer's evidence list: the change feed tells a copy kept elsewhere.
        record_row(
            actor=None,
            row=copy,
            action="evidence_added",
            summary=f"{answer.indicator_code}: {copy.label}",
        )
    return copy


def derived_evidence_remove(*, region: Region, answer: Answer, source_id: int) -> None:
    """Remove the copies kept for one source record (its credit was withdrawn); the files go
    after the transaction commits."""
    with tenant_context(region), transaction.atomic():
        copies = Evidence.objects.filter(answer=answer, credit_source_id=source_id)
        names = [copy.file.name for copy in copies if copy.file]
        record_rows(actor=None, rows=list(copies), action="evidence_removed")
        copies.delete()
        delete_after_commit(names, Evidence.file.field.storage)
