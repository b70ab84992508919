"""Seeding the demo's facilitators' programme, a discussion and a reporting target.

Karo (Bappedalitbang's "Learning Organizations Innovation Based"): two innovation facilitators
for each of several instances, a facilitators' workshop they attended, its materials (the
module and the "ruang diskusi rutin" form) and minutes; and a discussion on one of Disdik's
innovations in which Bappeda mentions the OPD's operator. Magetan: the reporting target its
Bappeda set at the Rakor Penguatan Inovasi Daerah (each OPD one innovation a budget year), so
the OPDs that did not report show on /pelaporan/.

Demo rows say so: events, threads and the target carry `is_demo`; the facilitators have
@demo.lumbung.id addresses. Idempotent: each piece is looked up first, a second run adds nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.models import User
from lumbung.demo.files import pdf_document
from lumbung.demo.people import demo_email
from regions.models import Region
from rubric.years import current_year
from tenants.discussions.access import place_for
from tenants.discussions.models import Subject, Thread
from tenants.discussions.services import post_create
from tenants.innovations.models import Innovation
from tenants.organization.models import Facilitator, OpdUnit
from tenants.organization.services import facilitator_create
from tenants.programme.models import LearningEvent
from tenants.programme.services import attendance_record, event_create, material_add, minutes_save
from tenants.reporting.models import ReportingTarget
from tenants.reporting.services import set_target

WIB = ZoneInfo("Asia/Jakarta")
WORKSHOP_TITLE = "Workshop Fasilitator Inovasi: Learning Organization dan Laboratorium Inovasi"
# Two facilitators per instance (Karo: "menetapkan 2 (dua) orang Fasilitator Inovasi").
KARO_FACILITATORS = {
    "Dinkes": ("Rosmawati Br Ginting", "dr. Eko Sitepu"),
    "Disdik": ("Herlina Br Tarigan", "Daniel Sembiring"),
    "Distan": ("Sarah Br Karo-Karo", "Yosua Perangin-angin"),
    "BPBD": ("Lina Br Purba", "Andreas Tarigan"),
}
ABSENT = "Andreas Tarigan"  # somebody always misses the workshop
DISCUSSED = "GURU KUNJUNG LADANG"  # Disdik's innovation; Disdik's operator is the demo operator
MAGETAN_NOTE = (
    "Rakor Penguatan Inovasi Daerah dan Desiminasi Hasil Kelitbangan, 27 Desember 2023: "
    "setiap perangkat daerah minimal satu inovasi dalam satu tahun anggaran."
)


def seed_programme(regions: Iterable[Region]) -> int:
    """Seed the programme demo in Karo and the reporting target in Magetan (others are
    ignored); returns how many rows were added."""
    added = 0
    for region in regions:
        if region.slug == "karo":
            added += _karo(region)
        elif region.slug == "magetan":
            added += _magetan(region)
    return added


def _user(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local)).first()


def _karo(region: Region) -> int:
    admin, operator = _user("admin.karo"), _user("operator.karo")
    if admin is None:
        return 0
    added = 0
    with tenant_context(region):
        units = {
            unit.short_name: unit
            for unit in OpdUnit.objects.filter(short_name__in=KARO_FACILITATORS)
        }
    facilitators: list[Facilitator] = []
    for short, names in KARO_FACILITATORS.items():
        unit = units.get(short)
        if unit is None:
            continue
        for position, name in enumerate(names, start=1):
            with tenant_context(region):
                existing = Facilitator.objects.filter(opd=unit, name=name).first()
            if existing is None:
                existing = facilitator_create(
                    region=region,
                    actor=admin,
                    opd=unit,
                    data={
                        "name": name,
                        "position": f"Fasilitator Inovasi {position}, {unit.name}",
                        "email": demo_email(f"fasilitator.{short.lower()}.{position}.karo"),
                    },
                )
                added += 1
            facilitators.append(existing)
    with tenant_context(region):
        has_workshop = LearningEvent.objects.filter(is_demo=True, title=WORKSHOP_TITLE).exists()
    if not has_workshop and facilitators:
        added += _workshop(region, admin, list(units.values()), facilitators)
    if operator is not None:
        added += _discussion(region, admin, operator)
    return added


def _workshop(
    region: Region, admin: User, units: list[OpdUnit], facilitators: list[Facilitator]
) -> int:
    event = event_create(
        region=region,
        actor=admin,
        demo=True,
        data={
            "kind": "workshop",
            "title": WORKSHOP_TITLE,
            "starts_at": datetime(2025, 2, 18, 9, 0, tzinfo=WIB),
            "ends_at": datetime(2025, 2, 18, 15, 30, tzinfo=WIB),
            "place": "Aula Bappedalitbang Kabupaten Karo, Kabanjahe",
            "description": (
                "Pembekalan dua fasilitator inovasi setiap perangkat daerah dan puskesmas: "
                "learning organization, laboratorium inovasi, dan penggunaan aplikasi Karo "
                "Erlajar sebagai media pembelajaran inovasi."
            ),
        },
        invited=units,
    )
    for facilitator in facilitators:
        attendance_record(
            region=region,
            actor=admin,
            event=event,
            facilitator=facilitator,
            present=facilitator.name != ABSENT,
        )
    module = pdf_document(
        "Modul Workshop Fasilitator Inovasi",
        [
            "Learning Organizations Innovation Based - Bappedalitbang Kabupaten Karo",
            "1. Peran fasilitator inovasi di instansi",
            "2. Laboratorium inovasi: drum up, diagnose, design, deliver",
            "3. SK Tim Inovasi dan kontrak kinerja kepala instansi",
            "(data demo)",
        ],
    )
    material_add(
        region=region,
        actor=admin,
        event=event,
        title="Modul workshop fasilitator inovasi",
        upload=SimpleUploadedFile("modul-fasilitator.pdf", module, content_type="application/pdf"),
    )
    material_add(
        region=region,
        actor=admin,
        event=event,
        title="Formulir permohonan ruang diskusi rutin inovasi",
        link="https://bit.ly/rdrinovasi",
    )
    minutes_save(
        region=region,
        actor=admin,
        event=event,
        text=(
            "Setiap instansi menyusun minimal satu desain inovasi (D3), SK Tim Inovasi dan "
            "kontrak kinerja kepala instansi dengan Bupati sebelum launching inovasi. "
            "Pertemuan fasilitator berikutnya membahas indikator satuan inovasi; desk inovasi "
            "dijadwalkan sebelum pengunggahan ke aplikasi nasional. (data demo)"
        ),
    )
    return 1 + len(facilitators) + 2


def _discussion(region: Region, admin: User, operator: User) -> int:
    with tenant_context(region):
        innovation = Innovation.objects.filter(name=DISCUSSED).first()
        if (
            innovation is None
            or Thread.objects.filter(
                subject_kind=Subject.INNOVATION, subject_id=innovation.pk
            ).exists()
        ):
            return 0
        place = place_for(admin, region, Subject.INNOVATION, innovation.pk)
    post_create(
        region=region,
        author=admin,
        place=place,
        demo=True,
        body=(
            f"@{operator.full_name} mohon SK Tim Inovasi Dinas Pendidikan dan foto kegiatan "
            "kunjungan guru ke ladang diunggah sebagai bukti dukung sebelum desk inovasi."
        ),
    )
    with tenant_context(region):
        place = place_for(operator, region, Subject.INNOVATION, innovation.pk)
    post_create(
        region=region,
        author=operator,
        place=place,
        demo=True,
        body=(
            "Baik, SK Tim Inovasi sedang ditandatangani Kepala Dinas. Foto kegiatan kami "
            "unggah minggu ini; kendalanya sinyal di ladang untuk absensi daring."
        ),
    )
    return 3


def _magetan(region: Region) -> int:
    admin = _user("admin.magetan")
    year = current_year()
    with tenant_context(region):
        if ReportingTarget.objects.filter(year=year).exists():
            return 0
    set_target(region=region, actor=admin, year=year, minimum=1, note=MAGETAN_NOTE, demo=True)
    return 1
