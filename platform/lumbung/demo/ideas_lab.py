"""Seeding the demo's idea box and innovation lab, through the real services
(tenants.ideas.services, tenants.lab.services), acting as the regions' demo people where they
exist and as the system otherwise:

- Banjar: an idea sent by a resident through the public form, accepted by Bappedalitbang and
  adopted by Disdukcapil, whose lab project (Banjar's Labinov, 5D with LAN RI) has its Drum Up
  documents in, has moved on to Diagnose and has its problem map there;
- Karo: SK Tim Inovasi and kontrak kinerja of a few instansi for the current year (Karo's
  "learning organization": every instansi has both, signed with the Bupati at the launching).

Demo rows say so: the resident's contact is on the demo domain and every file is a demo
document (lumbung.demo.files). Idempotent and respectful of users' work: the Banjar story is
told only when its idea is not there yet (each in one transaction), and a commitment only where
the OPD has none of that kind for the year."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django_tenants.utils import tenant_context

from accounts.models import User
from lumbung.demo.files import pdf_document, png_image
from lumbung.demo.people import EMAIL_DOMAIN, demo_email
from rubric.years import current_year
from tenants.ideas.models import Idea
from tenants.ideas.services import idea_adopt, idea_submit_public, idea_triage
from tenants.lab.models import OpdCommitment
from tenants.lab.services import commitment_save, document_add, project_advance
from tenants.organization.models import OpdUnit

if TYPE_CHECKING:
    from regions.models import Region

BANJAR_IDEA = {
    "title": "Jemput bola akta kelahiran di desa-desa pinggiran Martapura",
    "problem": (
        "Banyak bayi di desa yang jauh dari Martapura belum punya akta kelahiran karena orang "
        "tuanya harus datang ke kantor Disdukcapil, sering lebih dari sekali."
    ),
    "proposal": (
        "Petugas Disdukcapil bersama bidan desa dan Posyandu menerima berkas kelahiran langsung "
        "di desa sebulan sekali; akta jadi diantar lewat kantor desa."
    ),
    "proposer_name": "Warga Desa Sungai Tabuk (demo)",
    "proposer_contact": f"warga.sungai-tabuk@{EMAIL_DOMAIN}",
}
BANJAR_OPD = "Disdukcapil"
# (stage, document kind, title) uploaded in order; the project advances after the Drum Up ones.
BANJAR_DOCUMENTS = (
    ("drum_up", "commitment_letter", "Surat pernyataan komitmen Kepala Disdukcapil"),
    ("drum_up", "kickoff_attendance", "Daftar hadir kick-off Labinov bersama LAN RI"),
    ("diagnose", "problem_map", "Peta masalah kepemilikan akta kelahiran di desa"),
)
# (OPD short name, kinds) of Karo's instansi with their commitments for the year.
KARO_COMMITMENTS = (
    ("Disdik", ("sk_tim_inovasi", "kontrak_kinerja")),
    ("Dinkes", ("sk_tim_inovasi", "kontrak_kinerja")),
    ("Bappeda", ("sk_tim_inovasi",)),
)


def seed_ideas_and_lab(regions: Iterable[Region]) -> int:
    """Seed the Banjar idea-to-lab story and Karo's commitments among `regions` (others are
    ignored). Returns how many rows were created (0 when everything is already there)."""
    by_slug = {region.slug: region for region in regions}
    created = 0
    if "banjar" in by_slug:
        created += _banjar(by_slug["banjar"])
    if "karo" in by_slug:
        created += _karo(by_slug["karo"])
    return created


def _person(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local), is_active=True).first()


def _opd(region: Region, short_name: str) -> OpdUnit | None:
    with tenant_context(region):
        return OpdUnit.objects.filter(short_name=short_name).first()


def _pdf(title: str, lines: list[str]) -> SimpleUploadedFile:
    name = title.lower().replace(" ", "-")[:60] + ".pdf"
    return SimpleUploadedFile(name, pdf_document(title, lines), content_type="application/pdf")


def _banjar(region: Region) -> int:
    opd = _opd(region, BANJAR_OPD)
    if opd is None:
        return 0
    with tenant_context(region):
        if Idea.objects.filter(title=BANJAR_IDEA["title"]).exists():
            return 0
    admin, operator = _person("admin.banjar"), _person("operator.banjar")
    with transaction.atomic():
        idea = idea_submit_public(region=region, data=BANJAR_IDEA, suggested_opd=opd)
        idea_triage(
            region=region,
            actor=admin,
            idea=idea,
            status="accepted",
            note="Sejalan dengan target kepemilikan akta kelahiran; ditawarkan ke Disdukcapil.",
        )
        project = idea_adopt(region=region, actor=operator, idea=idea, opd=opd)
        created = 2
        for stage, kind, title in BANJAR_DOCUMENTS:
            if stage != project.stage:
                project = project_advance(region=region, actor=operator, project=project)
            upload = (
                SimpleUploadedFile(
                    "kick-off.png", png_image([title, "Contoh demo"]), content_type="image/png"
                )
                if kind == "kickoff_attendance"
                else _pdf(
                    title, [BANJAR_IDEA["title"], opd.name, "Laboratorium Inovasi Kabupaten Banjar"]
                )
            )
            document_add(
                region=region,
                actor=operator,
                project=project,
                kind=kind,
                title=title,
                upload=upload,
            )
            created += 1
    return created


def _karo(region: Region) -> int:
    year = current_year()
    admin = _person("admin.karo")
    created = 0
    for short_name, kinds in KARO_COMMITMENTS:
        opd = _opd(region, short_name)
        if opd is None:
            continue
        for kind in kinds:
            with tenant_context(region):
                if OpdCommitment.objects.filter(opd=opd, year=year, kind=kind).exists():
                    continue
            sk = kind == "sk_tim_inovasi"
            title = (
                f"SK Kepala {opd.name} tentang Tim Inovasi {year}"
                if sk
                else f"Kontrak Kinerja Inovasi {opd.name} dengan Bupati Karo {year}"
            )
            with transaction.atomic():
                commitment_save(
                    region=region,
                    actor=admin,
                    opd=opd,
                    year=year,
                    kind=kind,
                    number=f"{'800' if sk else '050'}/{opd.pk:03d}/{opd.short_name.upper()}/{year}",
                    signed_on=datetime.date(year, 2 if sk else 3, 10),
                    signed_by=f"Kepala {opd.name}" if sk else "Bupati Karo",
                    upload=_pdf(
                        title,
                        [
                            "Learning Organizations Innovation Based, Kabupaten Karo.",
                            "Peraturan Bupati Karo Nomor 30 Tahun 2019: satu instansi, satu "
                            "inovasi setiap tahun.",
                        ],
                    ),
                )
            created += 1
    return created
