"""Writes of the facilitators' programme: learning events, their attendance, materials and
minutes. Bappeda runs the programme (Action.MANAGE_PROGRAMME); the operators of the invited OPDs
are told of an event through the region's notices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from accounts.policy import Action, require
from core.files import delete_after_commit, files_removed_on_failure
from core.notices import notify
from tenants.assessment.evidence_files import check_upload
from tenants.history.models import Change
from tenants.history.services import record_deletion, record_row_change
from tenants.organization.models import Facilitator, OpdUnit
from tenants.programme.models import Attendance, EventMaterial, LearningEvent

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

FILE_TYPES = ("pdf", "jpg", "jpeg", "png")
EVENT_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "description")
# A typo'd year (0568 for 2025) is refused rather than stored as a date no one meant.
EVENT_YEARS = (2000, 2100)
INVITATION = gettext_noop("Undangan %(kind)s: %(title)s, %(when)s")


def _require(actor: User | None, region: Region) -> None:
    if actor is not None:
        require(actor, Action.MANAGE_PROGRAMME, region)


def _invite(region: Region, event: LearningEvent) -> None:
    """Tell the operators of the invited OPDs. One notice per person and event: saving the
    event again tells only those of newly invited OPDs."""
    opd_ids = list(event.invited_opds.values_list("pk", flat=True))
    user_ids = Membership.objects.filter(
        region_id=region.pk, role=Role.OPD_OPERATOR, opd_id__in=opd_ids, user__is_active=True
    ).values_list("user_id", flat=True)
    notify(
        region=region,
        user_ids=user_ids,
        kind="programme.invitation",
        title=INVITATION,
        params={
            "kind": event.kind_label,
            "title": event.title,
            "when": event.starts_at.strftime("%d-%m-%Y %H:%M"),
        },
        path=reverse("programme:detail", urlconf="lumbung.urls_region", args=[event.pk]),
        source=f"programme-event:{region.pk}:{event.pk}",
    )


def _record(
    actor: User | None,
    subject: str,
    pk: int,
    action: str,
    summary: str,
    parent_id: int | None = None,
) -> None:
    record_row_change(
        actor=actor,
        subject=subject,
        action=action,
        subject_id=pk,
        parent_id=parent_id,
        summary=summary,
    )


def _save_event(
    region: Region,
    actor: User | None,
    event: LearningEvent,
    data: dict[str, Any],
    invited: Iterable[OpdUnit] | None,
) -> LearningEvent:
    for key in EVENT_FIELDS:
        if key in data:
            setattr(event, key, data[key])
    for moment in (event.starts_at, event.ends_at):
        if moment is not None and not EVENT_YEARS[0] <= moment.year <= EVENT_YEARS[1]:
            raise ValidationError(
                _("Tanggal kegiatan harus antara tahun %(first)d dan %(last)d.")
                % {"first": EVENT_YEARS[0], "last": EVENT_YEARS[1]}
            )
    created = event.pk is None
    event.full_clean(exclude=["minutes_file"])
    event.save()
    _record(actor, Change.Subject.EVENT, event.pk, "created" if created else "updated", event.title)
    if invited is not None:
        event.invited_opds.set(list(invited))
    _invite(region, event)
    return event


def event_create(
    *,
    region: Region,
    actor: User | None,
    data: dict[str, Any],
    invited: Iterable[OpdUnit] = (),
    demo: bool = False,
) -> LearningEvent:
    _require(actor, region)
    with tenant_context(region), transaction.atomic():
        event = LearningEvent(created_by_id=actor.pk if actor is not None else None, is_demo=demo)
        return _save_event(region, actor, event, data, invited)


def event_update(
    *,
    region: Region,
    actor: User | None,
    event: LearningEvent,
    data: dict[str, Any],
    invited: Iterable[OpdUnit] | None = None,
) -> LearningEvent:
    _require(actor, region)
    with tenant_context(region), transaction.atomic():
        return _save_event(region, actor, event, data, invited)


def event_delete(*, region: Region, actor: User | None, event: LearningEvent) -> None:
    _require(actor, region)
    with tenant_context(region), transaction.atomic():
        stored = [material.file.name for material in event.materials.exclude(file="")]
        if event.minutes_file:
            stored.append(event.minutes_file.name)
        # Its attendance and materials go with it: each gets its tombstone.
        record_deletion(actor=actor, row=event, summary=event.title)
        event.delete()
        delete_after_commit(stored, LearningEvent.minutes_file.field.storage)


def attendance_record(
    *,
    region: Region,
    actor: User | None,
    event: LearningEvent,
    opd: OpdUnit | None = None,
    facilitator: Facilitator | None = None,
    person_name: str = "",
    present: bool = True,
) -> Attendance:
    """Record one participant (a facilitator of an OPD, or anyone named for an OPD); recording
    the same person again changes their presence."""
    _require(actor, region)
    with tenant_context(region), transaction.atomic():
        if facilitator is not None:
            if opd is not None and facilitator.opd_id != opd.pk:
                raise ValidationError(_("Fasilitator ini bukan fasilitator OPD yang dipilih."))
            opd = facilitator.opd
            person_name = person_name.strip() or facilitator.name
        person_name = person_name.strip()
        if opd is None or not person_name:
            raise ValidationError(_("Pilih fasilitator, atau isi OPD dan nama peserta."))
        existing = Attendance.objects.filter(
            event=event, opd=opd, person_name__iexact=person_name
        ).first()
        if existing is not None:
            existing.present = present
            existing.facilitator = facilitator or existing.facilitator
            existing.save(update_fields=["present", "facilitator"])
            _record(actor, Change.Subject.ATTENDANCE, existing.pk, "updated", person_name, event.pk)
            return existing
        attendance = Attendance(
            event=event, opd=opd, person_name=person_name, facilitator=facilitator, present=present
        )
        attendance.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                attendance.save()
        except IntegrityError as exc:  # the same person recorded by a concurrent click
            raise ValidationError(_("Peserta ini sudah tercatat.")) from exc
        _record(actor, Change.Subject.ATTENDANCE, attendance.pk, "created", person_name, event.pk)
        return attendance


def attendance_remove(*, region: Region, actor: User | None, attendance: Attendance) -> None:
    _require(actor, region)
    with tenant_context(region), transaction.atomic():
        record_deletion(actor=actor, row=attendance, summary=attendance.person_name)
        attendance.delete()


def material_add(
    *,
    region: Region,
    actor: User | None,
    event: LearningEvent,
    title: str,
    upload: UploadedFile | None = None,
    link: str = "",
) -> EventMaterial:
    """A material: a checked file (PDF or image) or a link, not both."""
    _require(actor, region)
    link = link.strip()
    if bool(upload) == bool(link):
        raise ValidationError(_("Unggah satu berkas atau isi satu tautan."))
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        material = EventMaterial(event=event, title=title.strip(), link=link)
        if upload is not None:
            checked = check_upload(upload, FILE_TYPES)
            name = upload.name
            assert name  # check_upload refuses a file without a name (it has no extension)
            material.title = material.title or name
            material.original_name = name[:255]
            material.content_type = checked.content_type
            material.size = checked.size
            material.full_clean(exclude=["file", "link"])
            material.file.save(name, upload, save=False)
            assert material.file.name is not None
            stored.append(material.file.name)
        else:
            material.title = material.title or link[:200]
            material.full_clean(exclude=["file"])
        material.save()
        _record(actor, Change.Subject.MATERIAL, material.pk, "created", material.title, event.pk)
        return material


def material_remove(*, region: Region, actor: User | None, material: EventMaterial) -> None:
    _require(actor, region)
    with tenant_context(region), transaction.atomic():
        name = material.file.name
        record_deletion(actor=actor, row=material, summary=material.title)
        material.delete()
        if name:
            delete_after_commit([name], EventMaterial.file.field.storage)


def minutes_save(
    *,
    region: Region,
    actor: User | None,
    event: LearningEvent,
    text: str,
    upload: UploadedFile | None = None,
    remove_file: bool = False,
) -> LearningEvent:
    """The event's minutes (notula): the text, and optionally a signed scan (PDF or image)
    that replaces the previous one."""
    _require(actor, region)
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        previous = event.minutes_file.name if event.minutes_file else ""
        event.minutes = text.strip()
        if upload is not None:
            checked = check_upload(upload, FILE_TYPES)
            name = upload.name
            assert name
            event.minutes_file.save(name, upload, save=False)
            assert event.minutes_file.name is not None
            stored.append(event.minutes_file.name)
            event.minutes_file_name = name[:255]
            event.minutes_file_type = checked.content_type
        elif remove_file:
            event.minutes_file = ""
            event.minutes_file_name = event.minutes_file_type = ""
        event.full_clean(exclude=["minutes_file"])
        event.save()
        # The minutes are fields of the event (the API's minutes/ reads them from it).
        _record(actor, Change.Subject.EVENT, event.pk, "updated", event.title)
        if previous and previous != (event.minutes_file.name or ""):
            delete_after_commit([previous], LearningEvent.minutes_file.field.storage)
        return event
