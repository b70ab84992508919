"""Publishing an innovation to the national replication catalog, and taking it back. Only a
region admin publishes, and only an innovation that was verified. The catalog entry follows
seconds after the commit: the recorded change asks for it (pipeline effect `catalog.region`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, require
from core.files import delete_after_commit, files_removed_on_failure
from tenants.assessment.evidence_files import check_upload
from tenants.assessment.models import ReportStatus
from tenants.history.models import Change
from tenants.history.services import record_change
from tenants.publishing.models import Publication, PublicationDocument
from webhooks.events import emit

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation

CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "notes")
DOCUMENT_TYPES = ("pdf", "jpg", "jpeg", "png")


def _require(actor: User | None, region: Region) -> None:
    if actor is not None:
        require(actor, Action.PUBLISH_INNOVATION, region)


def publish(
    *,
    region: Region,
    actor: User | None,
    innovation: Innovation,
    data: dict[str, Any] | None = None,
) -> Publication:
    """Mark an innovation "dapat direplikasi" (or update its contact details)."""
    _require(actor, region)
    data = data or {}
    with tenant_context(region), transaction.atomic():
        if not innovation.reports.filter(status=ReportStatus.VERIFIED).exists():
            raise ValidationError(
                _(
                    "Hanya inovasi yang sudah diverifikasi yang dapat dipublikasikan untuk replikasi."
                )
            )
        publication, created = Publication.objects.get_or_create(
            innovation=innovation,
            defaults={
                **{key: data.get(key, "") for key in CONTACT_FIELDS},
                "published_by_id": actor.pk if actor is not None else None,
            },
        )
        changes = {}
        if not created:
            for key in CONTACT_FIELDS:
                if key in data and getattr(publication, key) != data[key]:
                    changes[key] = [getattr(publication, key), data[key]]
                    setattr(publication, key, data[key])
            if changes:
                publication.full_clean()
                publication.save()
        else:
            publication.full_clean()
        if created or changes:
            record_change(
                region=region,
                actor=actor,
                subject=Change.Subject.PUBLICATION,
                action="published" if created else "publication_updated",
                innovation=innovation,
                # The API reads a publication at its innovation's address.
                subject_id=innovation.pk,
                parent_id=innovation.pk,
                summary=_("Dipublikasikan sebagai inovasi yang dapat direplikasi")
                if created
                else _("Data publikasi replikasi diubah"),
                changes=changes,
            )
        if created:
            emit("innovation.published", region=region, data=_event_data(innovation))
    return publication


def _event_data(innovation: Innovation) -> dict[str, Any]:
    """What a webhook hears about a (un)published innovation: what the catalog shows anyway."""
    return {"innovation": innovation.pk, "name": innovation.name}


def unpublish(*, region: Region, actor: User | None, innovation: Innovation) -> None:
    _require(actor, region)
    with tenant_context(region), transaction.atomic():
        publication = Publication.objects.filter(innovation=innovation).first()
        if publication is None:
            return
        stored = [document.file.name for document in publication.documents.all()]
        # Its documents go with it: each gets its tombstone.
        for document in publication.documents.all():
            _record_document(region, actor, innovation, document, "publication_document_removed")
        publication.delete()
        record_change(
            region=region,
            actor=actor,
            subject=Change.Subject.PUBLICATION,
            action="unpublished",
            innovation=innovation,
            subject_id=innovation.pk,
            parent_id=innovation.pk,
            summary=_("Dihapus dari katalog replikasi"),
        )
        emit("innovation.unpublished", region=region, data=_event_data(innovation))
        delete_after_commit(stored, PublicationDocument.file.field.storage)


def add_document(
    *,
    region: Region,
    actor: User | None,
    innovation: Innovation,
    kind: str,
    title: str,
    upload: UploadedFile,
) -> PublicationDocument:
    _require(actor, region)
    with files_removed_on_failure() as stored, tenant_context(region), transaction.atomic():
        publication = Publication.objects.filter(innovation=innovation).first()
        if publication is None:
            raise ValidationError(_("Publikasikan inovasi ini dulu."))
        checked = check_upload(upload, DOCUMENT_TYPES)
        name = upload.name
        assert name  # check_upload refuses a file without a name (it has no extension)
        document = PublicationDocument(
            publication=publication,
            kind=kind,
            title=title.strip() or name,
            original_name=name[:255],
            content_type=checked.content_type,
            size=checked.size,
        )
        document.full_clean(exclude=["file"])
        document.file.save(name, upload, save=False)
        assert document.file.name is not None  # save() has set the stored name
        stored.append(document.file.name)
        document.save()
        _record_document(region, actor, innovation, document, "publication_document_added")
    return document


def _record_document(
    region: Region,
    actor: User | None,
    innovation: Innovation,
    document: PublicationDocument,
    action: str,
) -> None:
    summary = (
        _("Dokumen replikasi ditambahkan: %(title)s")
        if action == "publication_document_added"
        else _("Dokumen replikasi dihapus: %(title)s")
    )
    record_change(
        region=region,
        actor=actor,
        subject=Change.Subject.PUBLICATION_DOCUMENT,
        action=action,
        innovation=innovation,
        subject_id=document.pk,
        parent_id=innovation.pk,
        summary=summary % {"title": document.title},
    )


def remove_document(*, region: Region, actor: User | None, document: PublicationDocument) -> None:
    _require(actor, region)
    with tenant_context(region), transaction.atomic():
        innovation = document.publication.innovation
        name = document.file.name
        _record_document(region, actor, innovation, document, "publication_document_removed")
        document.delete()
        delete_after_commit([name], PublicationDocument.file.field.storage)
