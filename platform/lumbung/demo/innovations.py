"""Seeding the demo regions' innovations, indicator answers and evidence.

Everything goes through the real services (innovation_create, answer_set, evidence_add_file,
evidence_add_url, evidence_review, workflow.fire), acting as the region's demo users where they
exist and as the system (actor=None) otherwise, so the history reads like real use.

Idempotent and respectful of users' work: an innovation whose (OPD, name) already exists is left
alone entirely, and an SPD answer the region already has is never touched. Random choices come
from generators seeded with the region's code and the innovation's name, so the demo is the
same on every machine and skipping existing innovations does not change the others."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role
from lumbung.demo.design_text import compose_design, short_name
from lumbung.demo.files import pdf_document, png_image
from lumbung.demo.innovation_specs import (
    DEFAULT_REVIEW_NOTES,
    EVIDENCE_DOCUMENTS,
    REJECTION_NOTES,
    InnovationSpec,
    Plan,
    RegionDemo,
)
from lumbung.demo.people import EMAIL_DOMAIN
from lumbung.demo.replication_specs import REQUESTS
from lumbung.demo.specs_jatim import MAGETAN
from lumbung.demo.specs_kalsel import BALANGAN, BANJAR, TANAH_BUMBU
from lumbung.demo.specs_sumut import KARO, MANDAILING_NATAL
from rubric.models import Indicator
from rubric.selectors import YearRubric, rubric_memo, year_rubric
from rubric.years import available_years, current_year
from tenants.assessment.evidence_files import DEFAULT_ACCEPTED
from tenants.assessment.models import Answer, Evidence, EvidenceStatus, Report
from tenants.assessment.services import (
    answer_set,
    evidence_add_file,
    evidence_add_url,
    evidence_review,
    report_for,
)
from tenants.assessment.workflow import fire
from tenants.innovations.models import Innovation
from tenants.innovations.services import innovation_create, innovation_update
from tenants.innovations.validation import completeness_gaps
from tenants.organization.models import OpdUnit
from tenants.organization.standard_units import all_standard_units

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

REGION_DEMOS: dict[str, RegionDemo] = {
    demo.slug: demo for demo in (MANDAILING_NATAL, KARO, BANJAR, TANAH_BUMBU, BALANGAN, MAGETAN)
}
# Share of answers that get evidence when a spec does not say, by where its report ends.
EVIDENCE_SHARE = {
    Plan.VERIFIED: 0.85,
    Plan.SUBMITTED: 0.75,
    Plan.RETURNED: 0.65,
    Plan.DRAFT: 0.45,
}
# Chosen levels lean higher for innovations that went further in verification.
LEVEL_WEIGHTS = {
    Plan.VERIFIED: (1, 2, 2, 3, 3, 3),
    Plan.SUBMITTED: (1, 2, 2, 3, 3),
    Plan.RETURNED: (1, 2, 2, 3, 3),
    Plan.DRAFT: (1, 1, 2, 2, 3),
}
STANDARD_NAMES = {unit.short_name: unit.name for unit in all_standard_units()}
# Specs that are replicas of another region's innovation: (region slug, name).
REPLICA_SPECS = frozenset((spec.requester, spec.replica) for spec in REQUESTS if spec.replica)


@dataclass
class SeedReport:
    innovations_created: int = 0
    innovations_skipped: int = 0
    answers: int = 0
    evidence: int = 0
    region_answers: int = 0
    stored_files: list[str] = field(default_factory=list, repr=False)

    def add(self, other: SeedReport) -> None:
        self.innovations_created += other.innovations_created
        self.innovations_skipped += other.innovations_skipped
        self.answers += other.answers
        self.evidence += other.evidence
        self.region_answers += other.region_answers


@dataclass
class Cast:
    """The demo users who act in a region (None: the system acts)."""

    admin: User | None = None
    verifier: User | None = None
    operators: dict[int, User] = field(default_factory=dict)  # OPD id -> operator

    def editor(self, opd_id: int) -> User | None:
        return self.operators.get(opd_id) or self.admin

    @property
    def reviewer(self) -> User | None:
        return self.verifier or self.admin


@dataclass
class Context:
    region: Region
    demo: RegionDemo
    cast: Cast
    rubric: YearRubric
    previous: YearRubric | None
    report: SeedReport


def seed_innovations(regions: Iterable[Region]) -> SeedReport:
    """Seed every demo kabupaten/kota among `regions` (others are ignored)."""
    total = SeedReport()
    with rubric_memo():
        for region in regions:
            if region.slug in REGION_DEMOS:
                total.add(seed_region_innovations(region))
    return total


def _context(region: Region, report: SeedReport) -> Context | None:
    demo = REGION_DEMOS.get(region.slug)
    if demo is None:
        return None
    year = current_year()
    rubric = year_rubric(year)
    if rubric is None:
        return None
    earlier = [other for other in available_years() if other < year]
    previous = year_rubric(max(earlier)) if earlier else None
    return Context(region, demo, _cast(region), rubric, previous, report)


def seed_region_innovations(region: Region) -> SeedReport:
    report = SeedReport()
    context = _context(region, report)
    if context is None:
        return report
    demo = context.demo
    with tenant_context(region):
        units = {
            unit.lname: unit
            for unit in OpdUnit.objects.annotate(lname=Lower("name")).order_by("pk")
        }
        existing = set(
            Innovation.objects.annotate(lname=Lower("name")).values_list("opd_id", "lname")
        )
        for spec in demo.innovations:
            if (region.slug, spec.name) in REPLICA_SPECS:
                continue  # made by the replication seed, from the replica (demo.replication)
            unit = units.get(STANDARD_NAMES.get(spec.opd, spec.opd).lower())
            if unit is None or (unit.pk, spec.name.lower()) in existing:
                report.innovations_skipped += 1
                continue
            _seed_one(context, spec, unit)
            report.innovations_created += 1
        _seed_region_answers(context, context.rubric, share=1.0)
        if context.previous is not None:
            _seed_region_answers(context, context.previous, share=0.75)
    return report


def adopt_replica(region: Region, replica: Innovation, spec_name: str) -> SeedReport:
    """Turn the replica the replication flow created (prefilled from the origin's catalog entry)
    into the region's own version, as its people would: the profile of the demo spec, answers,
    evidence and workflow. Raises DuplicateError when the region already has an innovation of
    that name (a database seeded before replicas came from the replication flow)."""
    report = SeedReport()
    context = _context(region, report)
    if context is None:
        return report
    spec = next((item for item in context.demo.innovations if item.name == spec_name), None)
    if spec is None:
        return report
    with tenant_context(region):
        _seed_one(context, spec, replica.opd, replica=replica)
    report.innovations_created += 1
    return report


def _cast(region: Region) -> Cast:
    cast = Cast()
    memberships = (
        Membership.objects.filter(region=region, user__email__endswith=f"@{EMAIL_DOMAIN}")
        .select_related("user")
        .order_by("pk")
    )
    for membership in memberships:
        user = membership.user
        if membership.role == Role.REGION_ADMIN and cast.admin is None:
            cast.admin = user
        elif membership.role == Role.VERIFIER and cast.verifier is None:
            cast.verifier = user
        elif membership.role == Role.OPD_OPERATOR and membership.opd_id:
            cast.operators.setdefault(membership.opd_id, user)
    return cast


def _rng(region: Region, *parts: object) -> random.Random:
    return random.Random(":".join([region.code, *map(str, parts)]))


def _seed_one(
    context: Context, spec: InnovationSpec, unit: OpdUnit, *, replica: Innovation | None = None
) -> None:
    """One innovation with its answers, evidence and workflow, all or nothing (a stored file of
    a rolled-back innovation is deleted again). With `replica`, that innovation (new this year)
    gets the spec's profile instead of a new one being created."""
    region, rng = context.region, _rng(context.region, spec.name)
    editor = context.cast.editor(unit.pk)
    stored_before = len(context.report.stored_files)
    try:
        with transaction.atomic():
            profile = _profile(context, spec, unit, rng)
            if replica is None:
                innovation = innovation_create(region=region, actor=editor, data=profile)
            else:
                innovation_update(region=region, actor=editor, innovation=replica, data=profile)
                innovation = Innovation.objects.get(pk=replica.pk)
            # Last year's report first, as it happened: answered, submitted and verified then.
            if (
                replica is None
                and context.previous is not None
                and _reported_last_year(spec, context.previous, rng)
            ):
                old = report_for(innovation, context.previous.year)
                _answer_all(context, spec, old, context.previous, rng, editor, previous=True)
                if spec.previous_verified and not completeness_gaps(vars(innovation)):
                    fire("submit", region=region, actor=editor, report=old)
                    fire("verify", region=region, actor=context.cast.reviewer, report=old)
            current = innovation.reports.get(year=context.rubric.year)
            _answer_all(context, spec, current, context.rubric, rng, editor, previous=False)
            _run_workflow(context, spec, current, rng, editor)
    except Exception:
        for name in context.report.stored_files[stored_before:]:
            Evidence.file.field.storage.delete(name)
        del context.report.stored_files[stored_before:]
        raise


def _reported_last_year(spec: InnovationSpec, previous: YearRubric, rng: random.Random) -> bool:
    started = spec.implemented or spec.trial
    if started is None or started.year > previous.year:
        return False
    return spec.previous_year or rng.random() < 0.3


# ---- the profile ----------------------------------------------------------------------------


def _profile(context: Context, spec: InnovationSpec, unit: OpdUnit, rng: random.Random) -> dict:
    affair = context.rubric.affairs.get(spec.affair)
    data = {
        "name": spec.name,
        "opd": unit,
        "stage": spec.stage,
        "initiator": spec.initiator,
        "initiator_name": spec.initiator_name,
        "is_digital": spec.digital,
        "form": spec.form,
        "affair": spec.affair,
        "trial_started_on": spec.trial,
        "implemented_on": spec.implemented,
        "design": compose_design(
            spec,
            context.demo,
            region_name=context.region.name,
            opd_name=unit.name,
            affair_name=affair.name if affair else spec.affair,
            basic_service=bool(affair and affair.basic_service),
            rng=rng,
        ),
        "goals": spec.goals.strip(),
        "benefits": spec.benefits.strip(),
        "results": spec.results.strip(),
        "budget_amount": Decimal(spec.budget) if spec.budget else None,
    }
    if spec.stage == "implementation":
        data["video_url"] = _video_url(context.region, spec)
    if rng.random() < 0.7:
        latitude, longitude = context.demo.center
        data["latitude"] = Decimal(str(round(latitude + rng.uniform(-0.08, 0.08), 6)))
        data["longitude"] = Decimal(str(round(longitude + rng.uniform(-0.08, 0.08), 6)))
    return data


def _video_url(region: Region, spec: InnovationSpec) -> str:
    return f"https://{EMAIL_DOMAIN}/video/{region.slug}/{slugify(short_name(spec.name))}"


# ---- answers and evidence -------------------------------------------------------------------


def _level(code: str, spec: InnovationSpec, demo: RegionDemo, rng: random.Random) -> int:
    if code == "SID-16":
        return demo.regulation_level
    if code == "SID-31":
        return min(spec.replicated, 3)
    if code == "SID-19":
        return 3 if spec.digital else rng.choice((1, 2))
    if code == "SID-30":
        return rng.choice((1, 2, 3)) if spec.digital else 1
    if code == "SID-35":
        return rng.choice((2, 3)) if spec.stage == "implementation" else rng.choice((1, 2))
    return rng.choice(LEVEL_WEIGHTS[spec.plan])


def _note(context: Context, code: str, spec: InnovationSpec, year: int) -> str:
    if code in spec.notes:
        return spec.notes[code]
    if code == "SID-16":
        return context.demo.regulation
    if code == "SID-18" and spec.budget:
        amount = f"{spec.budget:,}".replace(",", ".")
        return f"Dokumen Pelaksanaan Anggaran tahun {year}: Rp{amount}."
    if code == "SID-21":
        return f"Kegiatan {short_name(spec.name)} tercantum dalam RKPD {context.region.name}."
    return ""


def _answer_all(
    context: Context,
    spec: InnovationSpec,
    report: Report,
    rubric: YearRubric,
    rng: random.Random,
    actor: User | None,
    *,
    previous: bool,
) -> None:
    """Answer most SID indicators of `rubric` for `report`; some answers get evidence."""
    if previous:
        share = 0.85 if spec.previous_verified else 0.3
        skip = 0.25
    else:
        share = (
            spec.evidence_share if spec.evidence_share is not None else EVIDENCE_SHARE[spec.plan]
        )
        skip = 0.15 if spec.plan == Plan.DRAFT else 0.03
    for indicator in rubric.part("sid"):
        code = indicator.code
        if code == "SID-31" and not spec.replicated:
            continue  # most innovations have not been replicated: left unanswered, a real gap
        if code not in ("SID-16", "SID-31") and rng.random() < skip:
            continue
        bases = rubric.bases(code)
        basis = spec.benefit_basis if spec.benefit_basis in bases else bases[0]
        level = _level(code, spec, context.demo, rng)
        if rubric.option(code, basis, level) is None:
            continue
        answer = answer_set(
            region=context.region,
            actor=actor,
            year=rubric.year,
            indicator_code=code,
            level=level,
            basis=basis,
            note=_note(context, code, spec, rubric.year),
            report=report,
        )
        context.report.answers += 1
        if share and rng.random() < share:
            _add_evidence(context, answer, indicator, rubric, actor, spec=spec, report=report)


def _evidence_kind(indicator: Indicator, preferred: str) -> str | None:
    accepted = [kind.lower() for kind in indicator.file_types] or list(DEFAULT_ACCEPTED)
    if preferred == "url" and indicator.accepts_url:
        return "url"
    if preferred == "png" and "png" in accepted:
        return "png"
    if "pdf" in accepted:
        return "pdf"
    if "png" in accepted:
        return "png"
    return "url" if indicator.accepts_url else None


def _add_evidence(
    context: Context,
    answer: Answer,
    indicator: Indicator,
    rubric: YearRubric,
    actor: User | None,
    *,
    spec: InnovationSpec | None,
    report: Report | None,
) -> Evidence | None:
    stem, preferred = EVIDENCE_DOCUMENTS.get(indicator.code, ("dokumen-pendukung", "pdf"))
    kind = _evidence_kind(indicator, preferred)
    region = context.region
    if kind is None:
        return None
    subject = short_name(spec.name) if spec else region.name
    if kind == "url":
        url = _video_url(region, spec) if spec else f"https://{EMAIL_DOMAIN}/{region.slug}"
        evidence = evidence_add_url(region=region, actor=actor, answer=answer, url=url)
    else:
        filename = f"{stem}-{slugify(subject)[:40]}-{rubric.year}.{kind}"
        option = rubric.option(indicator.code, answer.basis, answer.level)
        if kind == "pdf":
            content = pdf_document(
                f"Bukti Dukung {indicator.code} {indicator.name}",
                _pdf_lines(context, indicator, answer, option, spec, report, rubric.year),
            )
            upload = SimpleUploadedFile(filename, content, content_type="application/pdf")
        else:
            caption = [
                indicator.code,
                indicator.name,
                subject,
                f"{region.short_name} {rubric.year}",
                "contoh demo",
            ]
            upload = SimpleUploadedFile(filename, png_image(caption), content_type="image/png")
        evidence = evidence_add_file(region=region, actor=actor, answer=answer, upload=upload)
        context.report.stored_files.append(evidence.file.name)
    context.report.evidence += 1
    return evidence


def _pdf_lines(context, indicator, answer, option, spec, report, year) -> list[str]:
    region = context.region
    lines = [f"Pemerintah {region.name}"]
    if spec is not None and report is not None:
        lines += [
            f"Perangkat daerah: {report.innovation.opd.name}",
            f"Inovasi daerah: {spec.name}",
        ]
    else:
        lines.append("Indikator Satuan Pemerintah Daerah (SPD)")
    lines += [f"Tahun penilaian: {year}", ""]
    if option is not None:
        if option.basis_label:
            lines.append(f"Dasar penilaian: {option.basis_label}")
        lines.append(f"Parameter yang dipilih: tingkat {answer.level} - {option.label}")
    if answer.note:
        lines.append(f"Keterangan: {answer.note}")
    lines += ["", f"Bukti dukung yang diminta: {indicator.evidence}", ""]
    if spec is not None:
        lines.append(
            f"Dokumen ini menerangkan pelaksanaan inovasi {short_name(spec.name)} sesuai "
            f"indikator {indicator.code} ({indicator.name}) pada tahun {year}."
        )
    else:
        lines.append(
            f"Dokumen ini menerangkan capaian {region.name} untuk indikator {indicator.code} "
            f"({indicator.name}) pada tahun {year}."
        )
    return lines


# ---- verification ---------------------------------------------------------------------------


def _run_workflow(
    context: Context, spec: InnovationSpec, report: Report, rng: random.Random, editor
) -> None:
    if spec.plan == Plan.DRAFT:
        return
    region, reviewer = context.region, context.cast.reviewer
    fire("submit", region=region, actor=editor, report=report)
    evidence = list(
        Evidence.objects.filter(answer__report=report).order_by("answer__indicator_code", "pk")
    )
    if spec.plan == Plan.SUBMITTED and evidence:
        # The verifier has started: a couple of items accepted, one rejected.
        picked = rng.sample(evidence, k=min(3, len(evidence)))
        for item in picked[:-1]:
            evidence_review(
                region=region, actor=reviewer, evidence=item, status=EvidenceStatus.ACCEPTED
            )
        evidence_review(
            region=region,
            actor=reviewer,
            evidence=picked[-1],
            status=EvidenceStatus.REJECTED,
            note=rng.choice(REJECTION_NOTES),
        )
    elif spec.plan == Plan.VERIFIED:
        if evidence and rng.random() < 0.35:
            evidence_review(
                region=region,
                actor=reviewer,
                evidence=rng.choice(evidence),
                status=EvidenceStatus.REJECTED,
                note=rng.choice(REJECTION_NOTES),
            )
        fire("verify", region=region, actor=reviewer, report=report)
    elif spec.plan == Plan.RETURNED:
        fire(
            "return",
            region=region,
            actor=reviewer,
            report=report,
            notes=spec.review_notes or DEFAULT_REVIEW_NOTES,
        )


# ---- SPD: the region's own indicators -------------------------------------------------------


def _seed_region_answers(context: Context, rubric: YearRubric, *, share: float) -> None:
    """Answer some SPD indicators of `rubric` for the region (never one it already answered);
    most with a PDF, most of those accepted."""
    region, cast = context.region, context.cast
    rng = _rng(region, "spd", rubric.year)
    indicators = rubric.part("spd")
    count = min(len(indicators), round(context.demo.spd_answered * share))
    chosen = {indicator.code for indicator in rng.sample(indicators, k=count)}
    answered = set(
        Answer.objects.filter(report__isnull=True, year=rubric.year).values_list(
            "indicator_code", flat=True
        )
    )
    for indicator in indicators:
        level, with_file, accepted = rng.choice((1, 2, 2, 3, 3)), rng.random(), rng.random()
        if indicator.code not in chosen or indicator.code in answered:
            continue
        stored_before = len(context.report.stored_files)
        try:
            with transaction.atomic():
                answer = answer_set(
                    region=region,
                    actor=cast.admin,
                    year=rubric.year,
                    indicator_code=indicator.code,
                    level=level,
                    basis=rubric.bases(indicator.code)[0],
                )
                context.report.region_answers += 1
                if with_file < 0.7:
                    evidence = _add_evidence(
                        context, answer, indicator, rubric, cast.admin, spec=None, report=None
                    )
                    if evidence is not None and accepted < 0.75:
                        evidence_review(
                            region=region,
                            actor=cast.reviewer,
                            evidence=evidence,
                            status=EvidenceStatus.ACCEPTED,
                        )
        except Exception:
            for name in context.report.stored_files[stored_before:]:
                Evidence.file.field.storage.delete(name)
            del context.report.stored_files[stored_before:]
            raise


__all__ = [
    "REGION_DEMOS",
    "REPLICA_SPECS",
    "SeedReport",
    "adopt_replica",
    "seed_innovations",
    "seed_region_innovations",
]
