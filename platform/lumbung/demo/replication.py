"""Seeding the demo's replication network: publications in the catalog and cooperation requests
between the seed regions (demo.replication_specs), all through the real services —
tenants.publishing.services.publish/add_document, replication.requests.services.request_create,
request_transition and expire_overdue — acting as the regions' demo admins.

Idempotent and respectful of users' work:
- an innovation is published only if it was never published nor unpublished before (its history
  says so), so a region that took an entry out of the catalog keeps it out;
- a request is made only if the requester never asked the origin for that innovation before;
  once made it is never walked again, whatever people did with it since.
Each request is walked in one transaction (all its steps or none); the stored files of a walk
that failed are deleted again. What the steps cause elsewhere (catalog entries, notifications)
waits in the pipeline like any other change; the seed command settles it (demo.effects)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from core.errors import DuplicateError
from lumbung.demo.design_text import short_name
from lumbung.demo.files import pdf_document, png_image
from lumbung.demo.innovations import adopt_replica
from lumbung.demo.people import demo_email
from lumbung.demo.replication_specs import PUBLICATIONS, REQUESTS, PublishSpec, RequestSpec, Step
from pipeline.runner import drain
from replication.catalog.models import CatalogEntry
from replication.requests.models import ReplicationRequest, RequestDocument
from replication.requests.services import expire_overdue, request_create, request_transition
from rubric.selectors import rubric_memo
from tenants.history.models import Change
from tenants.innovations.models import Innovation
from tenants.organization.models import OpdUnit
from tenants.publishing.models import Publication, PublicationDocument
from tenants.publishing.services import add_document, publish

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

PUBLICATION_ACTIONS = ("published", "unpublished")


@dataclass
class ReplicationSeedReport:
    publications: int = 0
    documents: int = 0
    requests: int = 0
    replicas: int = 0  # innovations created by the requests that reached implementasi
    skipped: list[str] = field(default_factory=list)


def seed_replication(regions: Iterable[Region]) -> ReplicationSeedReport:
    """Publish the demo innovations and walk the demo requests among `regions` (specs naming a
    region not among them are left out)."""
    by_slug = {region.slug: region for region in regions}
    report = ReplicationSeedReport()
    with rubric_memo():
        for spec in PUBLICATIONS:
            region = by_slug.get(spec.region)
            if region is not None:
                _publish(region, spec, report)
        # Requests are made to catalog entries: let the publications reach the catalog first,
        # as the worker would a few seconds after they committed.
        drain(only={"catalog.region"})
        for spec in REQUESTS:
            requester, origin = by_slug.get(spec.requester), by_slug.get(spec.origin)
            if requester is not None and origin is not None:
                _request(requester, origin, spec, report)
    return report


# ---- publications ---------------------------------------------------------------------------


def _admin(region: Region) -> User | None:
    """The region's demo admin (the Bappeda officer of the seed documents)."""
    membership = (
        Membership.objects.filter(
            region=region, role=Role.REGION_ADMIN, user__email=demo_email(f"admin.{region.slug}")
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _publish(region: Region, spec: PublishSpec, report: ReplicationSeedReport) -> None:
    admin = _admin(region)
    if admin is None:
        report.skipped.append(f"{region.slug}: no demo admin to publish {spec.innovation}")
        return
    with tenant_context(region):
        innovation = Innovation.objects.select_related("opd").filter(name=spec.innovation).first()
        if innovation is None:
            report.skipped.append(f"{region.slug}: no innovation {spec.innovation}")
            return
        if (
            Publication.objects.filter(innovation=innovation).exists()
            or Change.objects.filter(
                innovation_id=innovation.pk, action__in=PUBLICATION_ACTIONS
            ).exists()
        ):
            return
        stored: list[str] = []
        try:
            with transaction.atomic():
                publish(
                    region=region,
                    actor=admin,
                    innovation=innovation,
                    data={
                        "contact_name": f"{admin.full_name} ({admin.position})",
                        "contact_email": f"inovasi.{region.slug}@demo.lumbung.id",
                        "contact_phone": "",
                        "notes": spec.notes,
                    },
                )
                for kind, title in spec.documents:
                    document = add_document(
                        region=region,
                        actor=admin,
                        innovation=innovation,
                        kind=kind,
                        title=title,
                        upload=_pdf(
                            f"{kind}-{slugify(short_name(innovation.name))[:40]}.pdf",
                            f"{title}: {innovation.name}",
                            [
                                f"Pemerintah {region.name}",
                                f"Perangkat daerah: {innovation.opd.name}",
                                f"Inovasi daerah: {innovation.name}",
                                "",
                                f"Dokumen ini dibagikan melalui katalog replikasi untuk daerah "
                                f"yang ingin mereplikasi {short_name(innovation.name)}.",
                            ],
                        ),
                    )
                    stored.append(document.file.name)
                    report.documents += 1
        except ValidationError as exc:
            # Not verified (any more): users changed it; leave it unpublished.
            _delete_files(PublicationDocument.file.field.storage, stored)
            report.skipped.append(f"{region.slug}: {spec.innovation}: {exc.messages[0]}")
            return
    report.publications += 1


# ---- requests -------------------------------------------------------------------------------


def _request(
    requester: Region, origin: Region, spec: RequestSpec, report: ReplicationSeedReport
) -> None:
    actors = {"requester": _admin(requester), "origin": _admin(origin)}
    if None in actors.values():
        report.skipped.append(f"{requester.slug} ← {origin.slug}: no demo admin")
        return
    with tenant_context(origin):
        innovation_id = (
            Innovation.objects.filter(name=spec.innovation).values_list("pk", flat=True).first()
        )
    entry = CatalogEntry.objects.filter(region=origin, innovation_id=innovation_id).first()
    if innovation_id is None or entry is None:
        report.skipped.append(f"{requester.slug} ← {origin.slug}: {spec.innovation} not published")
        return
    if ReplicationRequest.objects.filter(
        requester=requester, origin=origin, origin_innovation_id=innovation_id
    ).exists():
        return
    sides = {"requester": requester, "origin": origin}
    stored: list[str] = []  # files of this walk, deleted again if it fails
    try:
        with transaction.atomic():
            request = request_create(
                region=requester,
                actor=actors["requester"],
                entry=entry,
                message=spec.message,
                letter=_letter(requester, origin, spec),
            )
            stored = _files(request)
            for step in spec.steps:
                request = request_transition(
                    step.name,
                    request=request,
                    actor=actors[step.side],
                    region=sides[step.side],
                    data=_step_data(requester, step),
                    documents=_documents(requester, origin, spec, step),
                )
                stored = _files(request)
            if spec.expire:
                # Unanswered until its time ran out: the daily task expires it, as here.
                ReplicationRequest.objects.filter(pk=request.pk).update(
                    expires_at=timezone.now() - timedelta(days=1)
                )
                expire_overdue()
            if request.replica_innovation_id:
                report.replicas += 1
                if spec.replica:
                    _adopt(requester, request, spec, report)
    except (ValidationError, PermissionDenied) as exc:
        # Someone changed the demo data meanwhile (e.g. an admin left): skip this cooperation.
        _delete_files(RequestDocument.file.field.storage, stored)
        report.skipped.append(f"{requester.slug} ← {origin.slug}: {exc}")
        return
    except Exception:
        _delete_files(RequestDocument.file.field.storage, stored)
        raise
    report.requests += 1


def _files(request: ReplicationRequest) -> list[str]:
    return list(RequestDocument.objects.filter(request=request).values_list("file", flat=True))


def _adopt(requester: Region, request, spec: RequestSpec, report: ReplicationSeedReport) -> None:
    with tenant_context(requester):
        replica = Innovation.objects.get(pk=request.replica_innovation_id)
    try:
        with transaction.atomic():
            adopt_replica(requester, replica, spec.replica)
    except DuplicateError:
        # The region already has its own version under that name (seeded before replicas came
        # from the replication flow): the replica stays as the flow made it.
        report.skipped.append(f"{requester.slug}: {spec.replica} already exists")


def _step_data(requester: Region, step: Step) -> dict:
    data = dict(step.data)
    reverse = data.pop("reverse_innovation", None)
    if reverse:
        data["reverse_entry"] = (
            CatalogEntry.objects.filter(region=requester, name=reverse)
            .values_list("pk", flat=True)
            .first()
        )
    opd = data.pop("opd", None)
    if opd is not None:
        with tenant_context(requester):
            data["opd_id"] = (
                OpdUnit.objects.filter(short_name=opd).values_list("pk", flat=True).first()
            )
    return data


def _documents(
    requester: Region, origin: Region, spec: RequestSpec, step: Step
) -> list[tuple[str, SimpleUploadedFile]]:
    subject = short_name(spec.innovation)
    files = []
    for kind, title in step.documents:
        stem = f"{kind}-{slugify(subject)[:40]}"
        if kind == "visit_photo":
            caption = [
                title,
                subject,
                f"{requester.short_name} - {origin.short_name}",
                "contoh demo",
            ]
            files.append((kind, SimpleUploadedFile(f"{stem}.png", png_image(caption), "image/png")))
            continue
        lines = [
            f"Antara Pemerintah {requester.name} dan Pemerintah {origin.name}",
            f"Inovasi: {spec.innovation}",
            "",
        ]
        data = step.data
        if kind == "visit_minutes":
            lines += [
                f"Tanggal kunjungan: {data.get('visit_date')}",
                f"Peserta: {data.get('visit_participants', '')}",
                "",
                "Pokok bahasan: latar belakang inovasi, tahapan penerapan, regulasi yang "
                "mendasari, anggaran, bukti dukung, dan rencana tindak lanjut replikasi.",
            ]
        elif kind == "agreement":
            lines += [
                f"Nomor: {data.get('agreement_number', '')}",
                f"Ditandatangani: {data.get('agreement_signed_on', '')}",
                "Dasar: PermenPANRB Nomor 89 Tahun 2020 tentang Jaringan Inovasi Pelayanan Publik.",
                "",
                f"Para pihak sepakat bekerja sama dalam replikasi {subject}: berbagi dokumen, "
                "pendampingan penerapan, dan pemantauan hasil.",
            ]
        files.append((kind, _pdf(f"{stem}.pdf", f"{title} {subject}", lines)))
    return files


def _letter(requester: Region, origin: Region, spec: RequestSpec) -> SimpleUploadedFile:
    subject = short_name(spec.innovation)
    return _pdf(
        f"surat-minat-{slugify(subject)[:40]}.pdf",
        f"Surat Permohonan Replikasi Inovasi {subject}",
        [
            f"Dari: Pemerintah {requester.name}",
            f"Kepada Yth.: Pemerintah {origin.name}",
            f"Perihal: Permohonan replikasi inovasi {spec.innovation}",
            "",
            spec.message,
            "",
            "Demikian permohonan ini kami sampaikan; atas perhatian dan kerja samanya kami ucapkan "
            "terima kasih.",
        ],
    )


def _pdf(filename: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(filename, pdf_document(title, lines), "application/pdf")


def _delete_files(storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


__all__ = ["ReplicationSeedReport", "seed_replication"]
