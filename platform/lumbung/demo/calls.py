"""Seeding the demo's call for innovations, through the real services (tenants.calls): in
Mandailing Natal, a BAGINDA MADINA-style "Penjaringan Inovasi Daerah 2026" with six submissions
(residents, a student team, an ASN, an OPD), a jury of three (government, academia, media) who
declare conflicts and score each review stage, an objection during the uji publik that is
rejected, a published ranking, and its first winner accepted as a draft innovation of the OPD
that takes it on.

Demo rows say so: the call is marked `is_demo`, the jurors and submitters are on the demo
e-mail domain, the attachment is a demo document (lumbung.demo.files). Idempotent: nothing is
done when the region already has its demo call."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role, User
from lumbung.demo.files import pdf_document
from lumbung.demo.people import DEMO_PASSWORD, EMAIL_DOMAIN, demo_email
from tenants.calls import judging, services
from tenants.calls.models import Call, JuryMember, Submission
from tenants.calls.submissions import objection_file, submit
from tenants.organization.models import OpdUnit

if TYPE_CHECKING:
    from regions.models import Region

REGION = "mandailing-natal"
TITLE = "Penjaringan Inovasi Daerah 2026 (BAGINDA MADINA)"
DESCRIPTION = (
    "Penjaringan dan lomba inovasi daerah Kabupaten Mandailing Natal: ASN, OPD, masyarakat, "
    "pelajar dan mahasiswa mengusulkan inovasi perorangan atau tim (paling banyak lima orang). "
    "Tahapan: seleksi administrasi, presentasi dan tanya jawab, peninjauan lapangan, uji publik, "
    "penetapan pemenang."
)
# (local part, name, affiliation kind, institution)
JURY = (
    (
        "juri1.mandailing-natal",
        "Ir. Syahrial Lubis, M.Si.",
        "government",
        "Bappeda Mandailing Natal",
    ),
    ("juri2.mandailing-natal", "Dr. Rosmaini Nasution", "academia", "STAIN Mandailing Natal"),
    ("juri3.mandailing-natal", "Ahmad Daulay", "media", "Jurnalis Madina"),
)
# (kind, contact, team, title, category, OPD short name, quality 0-100)
SUBMISSIONS = (
    (
        "public",
        "Siti Hajar Rangkuti",
        ["Rahmad Pulungan", "Nur Hasanah"],
        "Lumbung Kopi Mandailing Berbasis Koperasi Desa",
        "agribusiness_food_security",
        None,
        88,
    ),
    (
        "student",
        "Fauzan Batubara",
        ["Aisyah Harahap", "Rizky Nasution", "Dinda Lubis", "Yusuf Hasibuan"],
        "Aplikasi Pantau Stunting Posyandu (SI PANTUN)",
        "health",
        None,
        84,
    ),
    (
        "opd",
        "Fadli Hasibuan",
        [],
        "Layanan Jemput Bola Imunisasi Desa Terpencil",
        "health",
        "Dinkes",
        79,
    ),
    (
        "asn",
        "Rahmat Nasution",
        ["Lisna Daulay"],
        "Peta Digital Potensi Desa Madina",
        "ict",
        "Bappeda",
        72,
    ),
    (
        "public",
        "Marwan Lubis",
        [],
        "Tenun Songket Mandailing Motif Digital",
        "social_culture",
        None,
        65,
    ),
    (
        "student",
        "Putri Siregar",
        ["Ilham Nasution"],
        "Pupuk Organik Cair dari Limbah Salak",
        "agribusiness_food_security",
        None,
        41,
    ),
)
JUROR_OFFSETS = (0, 3, -2)  # each juror's leniency
STAGE_OFFSETS = (0, 2, -1)  # each review stage's mood


def seed_calls(regions: Iterable[Region]) -> int:
    """Seed Mandailing Natal's demo call among `regions` (others are ignored). Returns how many
    submissions were created (0 when the call is already there)."""
    region = next((r for r in regions if r.slug == REGION), None)
    if region is None or not region.is_active:
        return 0
    with tenant_context(region):
        if Call.objects.filter(is_demo=True, title=TITLE).exists():
            return 0
    with transaction.atomic():  # all of the story or none of it
        return _run(region)


def _person(local: str) -> User | None:
    return User.objects.filter(email=demo_email(local), is_active=True).first()


def _juror(region: Region, local: str, name: str) -> User:
    user = User.objects.filter(email=demo_email(local)).first()
    if user is None:
        user = User.objects.create_user(
            email=demo_email(local), password=DEMO_PASSWORD, full_name=name, position="Juri"
        )
    Membership.objects.get_or_create(user=user, region=region, defaults={"role": Role.JURY})
    return user


def _run(region: Region) -> int:
    admin = _person(f"admin.{REGION}")
    operator = _person(f"operator.{REGION}")
    today = timezone.localdate()
    call = services.call_create(
        region=region,
        actor=admin,
        is_demo=True,
        data={
            "title": TITLE,
            "description": DESCRIPTION,
            "categories": [
                "agribusiness_food_security",
                "health",
                "ict",
                "social_culture",
            ],
            "opens_on": min(today, datetime.date(2026, 2, 2)),
            "closes_on": max(today, datetime.date(2026, 4, 30)),
            "submitter_kinds": ["opd", "asn", "public", "student"],
            "max_team_size": 5,
        },
    )
    call = services.take_step(region=region, actor=admin, call=call, step="open")
    with tenant_context(region):
        units = {unit.short_name: unit for unit in OpdUnit.objects.all()}
    quality: dict[int, int] = {}
    for number, (kind, contact, team, title, category, opd_short, level) in enumerate(
        SUBMISSIONS, start=1
    ):
        by = operator if kind == "opd" else admin if kind == "asn" else None
        if kind in ("opd", "asn") and by is None:
            kind = "public"  # no member to submit through: a resident's submission
        upload = SimpleUploadedFile(
            "proposal.pdf",
            pdf_document(f"Proposal: {title}", [contact, *team, "Sayembara demo"]),
            content_type="application/pdf",
        )
        submission = submit(
            region=region,
            call=call,
            user=by,
            uploads=[upload] if number <= 3 else [],
            data={
                "submitter_kind": kind,
                "contact_name": contact,
                "contact_email": f"pengusul{number}.{REGION}@{EMAIL_DOMAIN}",
                "team_members": team,
                "title": title,
                "category": category,
                "problem": f"Masalah yang dijawab oleh {title.lower()} di Mandailing Natal.",
                "solution": f"{title}: cara kerja, sasaran dan hasil uji coba awal (demo).",
                "opd": units.get(opd_short) if opd_short and kind in ("opd", "asn") else None,
            },
        )
        quality[submission.pk] = level
    jurors = []
    for local, name, affiliation_kind, institution in JURY:
        user = _juror(region, local, name)
        services.jury_add(
            region=region,
            actor=admin,
            call=call,
            user=user,
            affiliation_kind=affiliation_kind,
            affiliation=institution,
        )
        jurors.append(user)
    services.take_step(region=region, actor=admin, call=call, step="judge")
    # Three review stages: the weakest fails the administrative selection.
    for stage_index, keep in enumerate((5, None, None)):
        _score_stage(region, call, jurors, quality, STAGE_OFFSETS[stage_index])
        services.take_step(region=region, actor=admin, call=call, step="advance", keep=keep)
    # Uji publik: one claim of non-originality, rejected after checking.
    with tenant_context(region):
        target = Submission.objects.select_related("call__current_stage").get(
            call=call, title=SUBMISSIONS[4][3]
        )
    objection = objection_file(
        region=region,
        submission=target,
        data={
            "claimant_name": "Warga Panyabungan (demo)",
            "claimant_contact": f"warga.panyabungan@{EMAIL_DOMAIN}",
            "reason": "Motif serupa pernah dipamerkan pengrajin lain pada 2024.",
        },
    )
    services.objection_decide(region=region, actor=admin, objection=objection, uphold=False)
    services.take_step(region=region, actor=admin, call=call, step="advance")
    services.take_step(region=region, actor=admin, call=call, step="publish", winners=3)
    with tenant_context(region):
        first = Submission.objects.select_related("call").get(call=call, final_rank=1)
    services.accept_submission(
        region=region,
        actor=admin,
        submission=first,
        opd=units.get("Distan") or units.get("Bappeda"),
    )
    services.follow_up_save(
        region=region,
        actor=admin,
        submission=first,
        kind="incubation",
        status="in_progress",
        note="Pendampingan koperasi desa bersama Bappeda (demo).",
    )
    return len(SUBMISSIONS)


def _score_stage(
    region: Region, call: Call, jurors: list[User], quality: dict[int, int], mood: int
) -> None:
    with tenant_context(region):
        call = Call.objects.select_related("current_stage").get(pk=call.pk)
        criteria = list(call.criteria.all())
        seats = {seat.user_id: seat for seat in JuryMember.objects.filter(call=call)}
        submissions = list(
            Submission.objects.select_related("call__current_stage").filter(
                call=call, status="active"
            )
        )
    for juror_index, user in enumerate(jurors):
        for submission in submissions:
            # The media juror knows the student team's leader: a declared conflict.
            conflict = juror_index == 2 and submission.submitter_kind == "student"
            judging.declare(
                region=region,
                actor=user,
                juror=seats[user.pk],
                submission=submission,
                has_conflict=conflict,
                note="Mengenal ketua tim secara pribadi." if conflict else "",
            )
            if conflict:
                continue
            level = quality[submission.pk] + JUROR_OFFSETS[juror_index] + mood
            judging.score(
                region=region,
                actor=user,
                juror=seats[user.pk],
                submission=submission,
                scores={
                    str(c.pk): max(0, min(c.max_score, round(c.max_score * (level - i) / 100)))
                    for i, c in enumerate(criteria)
                },
            )
