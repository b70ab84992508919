"""Writes to indicator answers and their evidence. SID answers belong to an innovation's report
and follow its OPD's permissions; SPD answers belong to the region and its admins. Every change
is recorded in the history in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, require
from core.files import delete_after_commit, files_removed_on_failure
from rubric.models import Indicator, Part
from rubric.selectors import YearRubric, year_rubric
from tenants.assessment.evidence_files import check_upload
from tenants.assessment.models import Answer, Evidence, EvidenceStatus, Report, ReportStatus
from tenants.history.models import Change
from tenants.history.services import record_change

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation


def report_for(innovation: Innovation, year: int) -> Report:
    """The innovation's report for `year`, created (as a draft) when it has none yet."""
    report, _created = Report.objects.get_or_create(innovation=innovation, year=year)
    return report


def require_answer_edit(actor: User | None, region: Region, report: Report | None) -> None:
    """SID answers: the innovation's OPD (or admins), while the report is not locked.
    SPD answers: the region's admins."""
    if report is None:
        if actor is not None:
            require(actor, Action.EDIT_REGION_INDICATORS, region)
        return
    if actor is not None:
        require(actor, Action.EDIT_INNOVATION, region, opd_id=report.innovation.opd_id)
    if report.is_locked:
        raise ValidationError(
            _("Laporan ini sedang %(status)s; jawaban tidak dapat diubah.")
            % {"status": report.get_status_display().lower()}
        )


def _indicator(year: int, code: str, *, part: str, rubric: YearRubric | None = None) -> Indicator:
    rubric = rubric or year_rubric(year)
    indicator = rubric.indicators.get(code) if rubric else None
    if indicator is None or indicator.part != part:
        raise ValidationError(
            {
                "indicator_code": _("Indikator %(code)s tidak ada pada rubrik %(year)d.")
                % {"code": code, "year": year}
            }
        )
    return indicator


def answer_set(
    *,
    region: Region,
    actor: User | None,
    year: int,
    indicator_code: str,
    level: int | None,
    basis: str = "",
    note: str = "",
    report: Report | None = None,
) -> Answer:
    """Choose a parameter level (None clears it) for an indicator: of `report` (SID) or of the
    region (SPD, report=None)."""
    with tenant_context(region), transaction.atomic():
        if report is not None:
            report = (
                Report.objects.select_for_update().select_related("innovation").get(pk=report.pk)
            )
            year = report.year
        require_answer_edit(actor, region, report)
        part = Part.SPD if report is None else Part.SID
        rubric = year_rubric(year)
        indicator = _indicator(year, indicator_code, part=part, rubric=rubric)
        assert rubric is not None  # _indicator found the indicator in it
        bases = rubric.bases(indicator_code)
        basis = basis or ""
        if basis not in bases:
            raise ValidationError(
                {"basis": _("Pilih dasar penilaian yang tersedia untuk indikator ini.")}
            )
        if level is not None and rubric.option(indicator_code, basis, level) is None:
            raise ValidationError({"level": _("Tingkat harus 1, 2 atau 3.")})
        answer, created = Answer.objects.select_for_update().get_or_create(
            report=report,
            year=year,
            indicator_code=indicator_code,
            defaults={"basis": basis, "level": level, "note": note},
        )
        changes = {}
        if not created:
            for key, value in (("basis", basis), ("level", level), ("note", note)):
                if getattr(answer, key) != value:
                    changes[key] = [getattr(answer, key), value]
                    setattr(answer, key, value)
        else:
            changes = {"level": [None, level]} | ({"basis": ["", basis]} if basis else {})
        if changes:
            answer.updated_by_id = actor.pk if actor is not None else None
            answer.save()
            record_change(
                region=region,
                actor=actor,
                subject=Change.Subject.ANSWER,
                action="answered",
                innovation=report.innovation if report else None,
                year=year,
                subject_id=answer.pk,
                parent_id=report.pk if report else None,
                summary=_("%(code)s %(name)s: tingkat %(level)s")
                % {"code": indicator.code, "name": indicator.name, "level": level or "-"},
                changes=changes,
            )
    return answer


def _evidence_answer(region: Region, actor: User | None, answer: Answer) -> Answer:
    answer = Answer.objects.select_related("report__innovation").get(pk=answer.pk)
    require_answer_edit(actor, region, answer.report)
    return answer


def evidence_add_file(
    *, region: Region, actor: User | None, answer: Answer, upload: UploadedFile
) -> Evidence:
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        answer = _evidence_answer(region, actor, answer)
        indicator = _indicator(answer.year, answer.indicator_code, part=_part_of(answer))
        checked = check_upload(upload, indicator.file_types)
        assert upload.name is not None  # check_upload refuses a file without a name
        evidence = Evidence(
            answer=answer,
            original_name=upload.name[:255],
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by_id=actor.pk if actor is not None else None,
        )
        evidence.file.save(upload.name, upload, save=False)
        assert evidence.file.name is not None  # save() has just stored the file under a name
        stored.append(evidence.file.name)
        evidence.save()
        _record_evidence(region, actor, answer, evidence, "evidence_added")
    return evidence


def evidence_add_url(*, region: Region, actor: User | None, answer: Answer, url: str) -> Evidence:
    from django.core.validators import URLValidator

    with tenant_context(region), transaction.atomic():
        answer = _evidence_answer(region, actor, answer)
        indicator = _indicator(answer.year, answer.indicator_code, part=_part_of(answer))
        if not indicator.accepts_url:
            raise ValidationError({"url": _("Indikator ini hanya menerima berkas, bukan tautan.")})
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValidationError({"url": _("Tautan tidak valid.")}) from exc
        evidence = Evidence.objects.create(
            answer=answer, url=url, uploaded_by_id=actor.pk if actor is not None else None
        )
        _record_evidence(region, actor, answer, evidence, "evidence_added")
    return evidence


def evidence_remove(*, region: Region, actor: User | None, evidence: Evidence) -> None:
    with tenant_context(region), transaction.atomic():
        answer = _evidence_answer(region, actor, evidence.answer)
        _record_evidence(region, actor, answer, evidence, "evidence_removed")
        stored = evidence.file.name
        evidence.delete()
        delete_after_commit([stored], evidence.file.storage)


def evidence_review(
    *,
    region: Region,
    actor: User | None,
    evidence: Evidence,
    status: str,
    note: str = "",
) -> Evidence:
    """A verifier accepts or rejects one evidence item (SPD evidence, or SID evidence of a
    submitted report)."""
    if status not in EvidenceStatus.values:
        raise ValidationError({"status": _("Status bukti dukung tidak dikenal.")})
    if actor is not None:
        require(actor, Action.VERIFY_INNOVATION, region)
    with tenant_context(region), transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update(of=("self",))
            .select_related("answer__report__innovation")
            .get(pk=evidence.pk)
        )
        report = evidence.answer.report
        if report is not None and report.status != ReportStatus.SUBMITTED:
            raise ValidationError(
                _("Bukti dukung inovasi hanya diperiksa saat laporannya berstatus diajukan.")
            )
        if status == EvidenceStatus.REJECTED and not note.strip():
            raise ValidationError({"note": _("Tuliskan alasan penolakan bukti dukung.")})
        old = evidence.status
        evidence.status = status
        evidence.review_note = note.strip()
        evidence.reviewed_by_id = actor.pk if actor is not None else None
        evidence.reviewed_at = timezone.now()
        evidence.save()
        record_change(
            region=region,
            actor=actor,
            subject=Change.Subject.EVIDENCE,
            action="evidence_reviewed",
            innovation=report.innovation if report else None,
            year=evidence.answer.year,
            subject_id=evidence.pk,
            parent_id=evidence.answer_id,
            summary=_("Bukti %(name)s: %(status)s")
            % {"name": evidence.label, "status": evidence.get_status_display()},
            changes={"status": [old, status]} | ({"note": ["", note]} if note else {}),
        )
    return evidence


def _part_of(answer: Answer) -> str:
    return Part.SPD if answer.report_id is None else Part.SID


def _record_evidence(
    region: Region, actor: User | None, answer: Answer, evidence: Evidence, action: str
) -> None:
    verb = _("ditambahkan") if action == "evidence_added" else _("dihapus")
    record_change(
        region=region,
        actor=actor,
        subject=Change.Subject.EVIDENCE,
        action=action,
        innovation=answer.report.innovation if answer.report is not None else None,
        year=answer.year,
        subject_id=evidence.pk,
        parent_id=answer.pk,
        summary=_("Bukti dukung %(code)s %(verb)s: %(name)s")
        % {"code": answer.indicator_code, "verb": verb, "name": evidence.label},
    )
