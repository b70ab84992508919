"""Writes to the innovation lab: projects of an OPD moving through the stages of
data/stages.yaml (a stage is left only when its required documents are in), the documents of
each stage, a finished project becoming a draft innovation of its OPD, and each OPD's yearly
commitments (SK Tim Inovasi, kontrak kinerja) with their files, offered as evidence of the
year's indicators that take them. `Action.WORK_IN_LAB` for the project's OPD throughout; every
function runs in the region's schema with an audit event in the same transaction, and the
history where the region's innovations are touched."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, require
from core.audit import record_event
from core.files import delete_after_commit, files_removed_on_failure
from tenants.assessment.evidence_files import check_upload
from tenants.history.models import Change
from tenants.history.services import record_change, record_deletion, record_row_change
from tenants.lab.commitments import commitment_kind, evidence_indicators
from tenants.lab.models import LabProject, OpdCommitment, StageDocument
from tenants.lab.selectors import missing_documents
from tenants.lab.stages import first_stage, next_stage, stage, stages

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.assessment.models import Evidence
    from tenants.ideas.models import Idea
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit

DOCUMENT_TYPES = ("pdf", "jpg", "jpeg", "png")
COMMITMENT_TYPES = ("pdf",)


def _require(actor: User | None, region: Region, opd_id: int) -> None:
    if actor is not None:
        require(actor, Action.WORK_IN_LAB, region, opd_id=opd_id)


def _record_project(
    actor: User | None,
    project: LabProject,
    action: str,
    changes: dict[str, tuple[Any, Any]] | None = None,
) -> None:
    record_row_change(
        actor=actor,
        subject=Change.Subject.LAB_PROJECT,
        action=action,
        subject_id=project.pk,
        summary=project.title,
        changes=changes,
    )


def _record_document(actor: User | None, document: StageDocument, action: str) -> None:
    record_row_change(
        actor=actor,
        subject=Change.Subject.LAB_DOCUMENT,
        action=action,
        subject_id=document.pk,
        parent_id=document.project_id,
        summary=document.title,
    )


def _record_commitment(actor: User | None, commitment: OpdCommitment, action: str) -> None:
    record_row_change(
        actor=actor,
        subject=Change.Subject.COMMITMENT,
        action=action,
        subject_id=commitment.pk,
        summary=f"{getattr(commitment_kind(commitment.kind), 'label', commitment.kind)} "
        f"{commitment.year}",
    )


def project_create(
    *,
    region: Region,
    actor: User | None,
    opd: OpdUnit,
    title: str,
    problem: str = "",
    team: str = "",
    started_on: datetime.date | None = None,
    origin_idea: Idea | None = None,
) -> LabProject:
    """A new project of `opd`, in the first stage (from an adopted idea, or on its own)."""
    _require(actor, region, opd.pk)
    with tenant_context(region), transaction.atomic():
        project = LabProject(
            title=title.strip(),
            opd=opd,
            problem=problem.strip(),
            team=team.strip(),
            stage=first_stage().code,
            started_on=started_on or timezone.localdate(),
            origin_idea=origin_idea,
            created_by_id=actor.pk if actor is not None else None,
        )
        project.full_clean()
        project.save()
        _record_project(actor, project, "created")
        record_event(
            "lab.project_created",
            actor=actor,
            region=region,
            data={"id": project.pk, "opd_id": opd.pk, "idea_id": getattr(origin_idea, "pk", None)},
        )
    return project


def _reached(project: LabProject, code: str) -> bool:
    codes = [item.code for item in stages()]
    return code in codes and codes.index(code) <= codes.index(project.stage)


def document_add(
    *,
    region: Region,
    actor: User | None,
    project: LabProject,
    kind: str,
    upload: UploadedFile,
    title: str = "",
    stage_code: str = "",
) -> StageDocument:
    """A document of one of the stages the project has reached (its current stage by default)."""
    _require(actor, region, project.opd_id)
    stage_code = stage_code or project.stage
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        project = LabProject.objects.select_for_update().get(pk=project.pk)
        if project.is_finished:
            raise ValidationError(_("Proyek ini sudah selesai; dokumennya tidak diubah lagi."))
        item = stage(stage_code)
        if item is None or not _reached(project, stage_code):
            raise ValidationError({"stage": _("Tahap itu belum dicapai proyek ini.")})
        document_kind = item.document(kind)
        if document_kind is None:
            raise ValidationError({"kind": _("Jenis dokumen itu bukan untuk tahap ini.")})
        checked = check_upload(upload, DOCUMENT_TYPES)
        name = upload.name
        assert name  # check_upload refuses a file without a name (it has no extension)
        document = StageDocument(
            project=project,
            stage=stage_code,
            kind=kind,
            title=title.strip() or document_kind.label,
            original_name=name[:255],
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by_id=actor.pk if actor is not None else None,
        )
        document.full_clean(exclude=["file"])
        document.file.save(name, upload, save=False)
        assert document.file.name is not None  # save() has set the stored name
        stored.append(document.file.name)
        document.save()
        _record_document(actor, document, "created")
        record_event(
            "lab.document_added",
            actor=actor,
            region=region,
            data={"project_id": project.pk, "id": document.pk, "stage": stage_code, "kind": kind},
        )
    return document


def document_remove(*, region: Region, actor: User | None, document: StageDocument) -> None:
    _require(actor, region, document.project.opd_id)
    with tenant_context(region), transaction.atomic():
        if document.project.is_finished:
            raise ValidationError(_("Proyek ini sudah selesai; dokumennya tidak diubah lagi."))
        name = document.file.name
        record_event(
            "lab.document_removed",
            actor=actor,
            region=region,
            data={"project_id": document.project_id, "id": document.pk},
        )
        record_deletion(actor=actor, row=document, summary=document.title)
        document.delete()
        delete_after_commit([name], StageDocument.file.field.storage)


def project_advance(*, region: Region, actor: User | None, project: LabProject) -> LabProject:
    """Move the project to its next stage, or finish it after the last one, once the current
    stage's required documents are in."""
    _require(actor, region, project.opd_id)
    with tenant_context(region), transaction.atomic():
        project = LabProject.objects.select_for_update().get(pk=project.pk)
        if project.is_finished:
            raise ValidationError(_("Proyek ini sudah selesai."))
        missing = missing_documents(project)
        if missing:
            raise ValidationError(
                _("Lengkapi dulu dokumen tahap ini: %(documents)s.")
                % {"documents": ", ".join(missing)}
            )
        old = project.stage
        following = next_stage(project.stage)
        if following is None:
            project.finished_at = timezone.now()
        else:
            project.stage = following.code
        project.save()
        _record_project(
            actor,
            project,
            "updated",
            {"stage": (old, project.stage)} if old != project.stage else {},
        )
        record_event(
            "lab.project_advanced",
            actor=actor,
            region=region,
            data={
                "id": project.pk,
                "stage": [old, project.stage],
                "finished": project.is_finished,
            },
        )
    return project


def project_to_innovation(*, region: Region, actor: User | None, project: LabProject) -> Innovation:
    """A finished project becomes a draft innovation of its OPD (through the registry's own
    service, which records its creation), once."""
    from tenants.innovations.models import Initiator
    from tenants.innovations.models import Stage as InnovationStage
    from tenants.innovations.services import innovation_create

    _require(actor, region, project.opd_id)
    with tenant_context(region), transaction.atomic():
        project = LabProject.objects.select_for_update().select_related("opd").get(pk=project.pk)
        if not project.is_finished:
            raise ValidationError(_("Selesaikan semua tahap laboratorium dulu."))
        if project.innovation_id is not None:
            raise ValidationError(_("Proyek ini sudah menjadi inovasi."))
        innovation = innovation_create(
            region=region,
            actor=actor,
            data={
                "name": project.title,
                "opd": project.opd,
                # The Deliver stage tried it out: the registry's "uji coba".
                "stage": InnovationStage.TRIAL,
                "initiator": Initiator.OPD,
                "initiator_name": project.opd.name,
                "design": project.problem,
            },
        )
        project.innovation = innovation
        project.save(update_fields=["innovation"])
        _record_project(actor, project, "updated", {"innovation_id": (None, innovation.pk)})
        record_change(
            region=region,
            actor=actor,
            subject=Change.Subject.INNOVATION,
            action="created_from_lab",
            innovation=innovation,
            subject_id=innovation.pk,
            summary=_("Dibuat dari proyek laboratorium inovasi: %(title)s")
            % {"title": project.title},
        )
    return innovation


def commitment_save(
    *,
    region: Region,
    actor: User | None,
    opd: OpdUnit,
    year: int,
    kind: str,
    number: str,
    signed_on: datetime.date,
    signed_by: str,
    upload: UploadedFile,
) -> OpdCommitment:
    """Record an OPD's SK Tim Inovasi or kontrak kinerja for `year` with its file; a second one
    of the same kind and year replaces the first (and its file, once committed)."""
    _require(actor, region, opd.pk)
    if commitment_kind(kind) is None:
        raise ValidationError({"kind": _("Jenis komitmen tidak dikenal.")})
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        checked = check_upload(upload, COMMITMENT_TYPES)
        name = upload.name
        assert name  # check_upload refuses a file without a name
        commitment = (
            OpdCommitment.objects.select_for_update().filter(opd=opd, year=year, kind=kind).first()
        )
        replaced = commitment.file.name if commitment is not None else None
        action = "updated" if commitment is not None else "created"
        if commitment is None:
            commitment = OpdCommitment(opd=opd, year=year, kind=kind)
        commitment.number = number.strip()
        commitment.signed_on = signed_on
        commitment.signed_by = signed_by.strip()
        commitment.original_name = name[:255]
        commitment.content_type = checked.content_type
        commitment.size = checked.size
        commitment.uploaded_by_id = actor.pk if actor is not None else None
        commitment.full_clean(exclude=["file"], validate_constraints=False)
        commitment.file.save(name, upload, save=False)
        assert commitment.file.name is not None  # save() has set the stored name
        stored.append(commitment.file.name)
        commitment.save()
        _record_commitment(actor, commitment, action)
        record_event(
            "lab.commitment_saved",
            actor=actor,
            region=region,
            data={"id": commitment.pk, "opd_id": opd.pk, "year": year, "kind": kind},
        )
        delete_after_commit([replaced], OpdCommitment.file.field.storage)
    return commitment


def commitment_remove(*, region: Region, actor: User | None, commitment: OpdCommitment) -> None:
    _require(actor, region, commitment.opd_id)
    with tenant_context(region), transaction.atomic():
        name = commitment.file.name
        record_event(
            "lab.commitment_removed",
            actor=actor,
            region=region,
            data={"id": commitment.pk, "opd_id": commitment.opd_id, "kind": commitment.kind},
        )
        record_deletion(actor=actor, row=commitment, summary=commitment.number)
        commitment.delete()
        delete_after_commit([name], OpdCommitment.file.field.storage)


def commitment_as_evidence(
    *, region: Region, actor: User | None, commitment: OpdCommitment, indicator_code: str
) -> Evidence:
    """Attach the commitment's file as evidence of a region-level indicator of its year whose
    evidence the rubric data says it is (data/commitments.yaml), through the assessment's own
    service (which checks the admin's right and the indicator's file types and records the
    history). An indicator without an answer yet gets an empty one (no level chosen)."""
    from tenants.assessment.models import Answer
    from tenants.assessment.services import answer_set, evidence_add_file

    if indicator_code not in evidence_indicators(commitment.kind, commitment.year):
        raise ValidationError(
            _("%(kind)s tidak dinilai pada indikator %(code)s tahun %(year)d.")
            % {"kind": commitment.kind, "code": indicator_code, "year": commitment.year}
        )
    if actor is not None:
        require(actor, Action.EDIT_REGION_INDICATORS, region)
    with tenant_context(region), transaction.atomic():
        answer = Answer.objects.filter(
            report__isnull=True, year=commitment.year, indicator_code=indicator_code
        ).first()
        if answer is None:
            answer = answer_set(
                region=region,
                actor=actor,
                year=commitment.year,
                indicator_code=indicator_code,
                level=None,
            )
        with commitment.file.open("rb") as handle:
            upload = UploadedFile(
                file=handle,
                name=commitment.original_name or commitment.file.name,
                content_type=commitment.content_type,
                size=commitment.size,
            )
            return evidence_add_file(region=region, actor=actor, answer=answer, upload=upload)
