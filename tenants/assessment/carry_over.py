"""Carrying innovations into a new assessment year: a new report whose answers start from the
latest earlier year (for indicators that still exist), evidence copied as files of its own and
waiting for verification again. Earlier years stay as they were, readable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, require
from core.files import files_removed_on_failure
from rubric.selectors import year_rubric
from tenants.assessment.models import Answer, Evidence, Report
from tenants.history.models import Change
from tenants.history.services import record_change

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation


def report_carry_over(
    *, region: Region, actor: User | None, innovation: Innovation, year: int
) -> Report:
    if actor is not None:
        require(actor, Action.EDIT_INNOVATION, region, opd_id=innovation.opd_id)
    rubric = year_rubric(year)
    if rubric is None:
        raise ValidationError(_("Tidak ada rubrik untuk tahun %(year)d.") % {"year": year})
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        if Report.objects.filter(innovation=innovation, year=year).exists():
            raise ValidationError(
                _("Inovasi ini sudah dilaporkan pada tahun %(year)d.") % {"year": year}
            )
        report = Report.objects.create(innovation=innovation, year=year)
        previous = (
            Report.objects.filter(innovation=innovation, year__lt=year).order_by("-year").first()
        )
        copied = 0
        if previous is not None:
            copied = _copy_answers(previous, report, rubric, stored)
        record_change(
            region=region,
            actor=actor,
            subject=Change.Subject.REPORT,
            action="carried_over",
            innovation=innovation,
            year=year,
            subject_id=report.pk,
            summary=_("Dilaporkan untuk tahun %(year)d; %(n)d jawaban dibawa dari %(prev)s")
            % {"year": year, "n": copied, "prev": previous.year if previous else "-"},
        )
    return report


def _copy_answers(previous: Report, report: Report, rubric, stored: list[str]) -> int:
    copied = 0
    for answer in previous.answers.prefetch_related("evidence"):
        indicator = rubric.indicators.get(answer.indicator_code)
        if indicator is None:
            continue
        level = (
            answer.level
            if rubric.option(answer.indicator_code, answer.basis, answer.level)
            else None
        )
        new = Answer.objects.create(
            year=report.year,
            report=report,
            indicator_code=answer.indicator_code,
            basis=answer.basis if level else "",
            level=level,
            note=answer.note,
        )
        copied += 1
        for evidence in answer.evidence.all():
            copy = Evidence(
                answer=new,
                url=evidence.url,
                original_name=evidence.original_name,
                content_type=evidence.content_type,
                size=evidence.size,
                sha256=evidence.sha256,
                uploaded_by_id=evidence.uploaded_by_id,
            )
            if evidence.file:
                with evidence.file.open("rb") as handle:
                    copy.file.save(
                        evidence.original_name or "bukti", ContentFile(handle.read()), save=False
                    )
                assert copy.file.name is not None  # save() has just stored the file under a name
                stored.append(copy.file.name)
            copy.save()
    return copied


def region_carry_over(*, region: Region, actor: User | None, year: int) -> int:
    """Report for `year` every innovation the actor may edit that has an earlier report but none
    for `year` yet; returns how many were carried. Each innovation is carried in its own
    transaction, so one failure does not undo the others and re-running finishes the rest."""
    from tenants.innovations.models import Innovation
    from tenants.innovations.selectors import editable_opds

    with tenant_context(region):
        opd_ids = list(editable_opds(actor, region).values_list("pk", flat=True)) if actor else None
        pending = Innovation.objects.filter(reports__year__lt=year).exclude(reports__year=year)
        if opd_ids is not None:
            pending = pending.filter(opd_id__in=opd_ids)
        innovations = list(pending.distinct().order_by("pk"))
    for innovation in innovations:
        report_carry_over(region=region, actor=actor, innovation=innovation, year=year)
    return len(innovations)


def carry_over_candidates(year: int) -> int:
    """How many innovations were reported in an earlier year but not yet in `year`. In the
    region's schema."""
    from tenants.innovations.models import Innovation

    return (
        Innovation.objects.filter(reports__year__lt=year)
        .exclude(reports__year=year)
        .distinct()
        .count()
    )
