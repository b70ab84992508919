"""The demo's innovations: what a visitor of a demo region sees after `scripts/run`, and that
running the seed again (as `scripts/run` does on every start) adds nothing and keeps users' edits."""

from __future__ import annotations

import random
from datetime import date

import filetype
import pytest
from django_tenants.utils import tenant_context

from lumbung.demo.design_text import compose_design
from lumbung.demo.innovation_specs import Plan
from lumbung.demo.innovations import REGION_DEMOS, seed_innovations
from rubric.years import current_year
from tenants.assessment.models import Answer, Evidence, EvidenceStatus, Report, ReviewNote
from tenants.assessment.services import answer_set
from tenants.history.models import Change
from tenants.innovations.models import Innovation
from tenants.innovations.services import innovation_update
from tenants.organization.models import OpdUnit
from tenants.organization.services import opd_add_standard_units
from tenants.scoring.compute import region_score
from tenants.scoring.readiness import GapKind, readiness
from tests.conftest import region_by_slug

BAGINDA = "BAGINDA MADINA (Bagas Data Inovasi Daerah Mandailing Natal)"


@pytest.fixture
def madina(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    region = region_by_slug("mandailing-natal")
    opd_add_standard_units(region=region)
    return region


def seeded(region):
    report = seed_innovations([region])
    assert report.innovations_created == len(REGION_DEMOS[region.slug].innovations)
    return report


def counts(region) -> dict[str, int]:
    with tenant_context(region):
        return {
            "innovations": Innovation.objects.count(),
            "reports": Report.objects.count(),
            "answers": Answer.objects.count(),
            "evidence": Evidence.objects.count(),
            "notes": ReviewNote.objects.count(),
            "history": Change.objects.count(),
            "opd": OpdUnit.objects.count(),
        }


def test_the_seed_innovation_keeps_its_published_profile_with_partial_evidence(madina):
    seeded(madina)
    year = current_year()
    with tenant_context(madina):
        baginda = Innovation.objects.select_related("opd").get(name=BAGINDA)
        assert baginda.opd.short_name == "Bappeda"
        assert (baginda.stage, baginda.is_digital, baginda.form) == (
            "implementation",
            False,
            "governance",
        )
        assert baginda.trial_started_on == date(2022, 5, 10)
        assert baginda.implemented_on == date(2022, 7, 21)
        assert "Drump Up, Diagnose, Design, Deliver, Display dan Documentation" in baginda.design
        assert baginda.design_word_count >= 300
        assert "pemburu ide inovasi" in baginda.benefits

        answers = Answer.objects.filter(year=year, report__isnull=False)
        with_evidence = answers.filter(evidence__isnull=False).distinct().count()
        assert 0 < with_evidence < answers.count()  # partial: some answers still lack evidence
        statuses = set(Evidence.objects.values_list("status", flat=True))
        assert statuses == {
            EvidenceStatus.PENDING,
            EvidenceStatus.ACCEPTED,
            EvidenceStatus.REJECTED,
        }

        # Evidence files are real documents naming the innovation and the indicator.
        item = Evidence.objects.filter(
            answer__report__innovation=baginda, content_type="application/pdf"
        ).first()
        content = item.file.read()
        assert filetype.guess(content).mime == "application/pdf"
        assert b"BAGINDA MADINA" in content
        assert item.answer.indicator_code.encode() in content
        photo = Evidence.objects.filter(content_type="image/png").first()
        assert filetype.guess(photo.file.read()).mime == "image/png"

        # Every stage of verification is represented, with the verifier's notes on a return.
        assert set(Report.objects.filter(year=year).values_list("status", flat=True)) == {
            Plan.DRAFT,
            Plan.SUBMITTED,
            Plan.VERIFIED,
            Plan.RETURNED,
        }
        returned = Report.objects.get(year=year, status=Plan.RETURNED)
        assert returned.notes.exists()


def test_readiness_shows_gaps_and_the_estimated_index_is_above_zero(madina):
    seeded(madina)
    with tenant_context(madina):
        score = region_score(current_year())
        ready = readiness(score)
        last_year = region_score(2023)
        last_year_reports = Report.objects.filter(year=2023, status=Plan.VERIFIED).count()
    assert score.result.index > 0
    assert score.spd_score > 0  # region (SPD) answers with accepted evidence
    kinds = {gap.kind for gap in ready.gaps}
    assert {
        GapKind.NO_EVIDENCE,
        GapKind.EVIDENCE_UNVERIFIED,
        GapKind.UNANSWERED,
        GapKind.DESIGN_SHORT,
    } <= kinds
    assert ready.potential_index > ready.index
    # Last year's results stay readable: a smaller set of verified reports with a score.
    assert 0 < last_year_reports < len(score.innovations)
    assert last_year.result.index > 0


def test_seeding_again_adds_nothing_and_keeps_what_users_changed(madina):
    year = current_year()
    # The region admin answered an SPD indicator before the demo was loaded.
    answer_set(
        region=madina,
        actor=None,
        year=year,
        indicator_code="SPD-01",
        level=1,
        note="Diisi oleh admin daerah",
    )
    seeded(madina)
    with tenant_context(madina):
        draft = Innovation.objects.get(name__startswith="KIHAW")
    innovation_update(
        region=madina, actor=None, innovation=draft, data={"goals": "Tujuan yang diubah pengguna."}
    )
    before = counts(madina)

    again = seed_innovations([madina])

    assert again.innovations_created == 0
    assert again.evidence == again.answers == again.region_answers == 0
    assert counts(madina) == before
    with tenant_context(madina):
        assert Innovation.objects.get(pk=draft.pk).goals == "Tujuan yang diubah pengguna."
        own = Answer.objects.get(report__isnull=True, year=year, indicator_code="SPD-01")
        assert (own.level, own.note) == (1, "Diisi oleh admin daerah")


def test_composed_designs_meet_the_national_minimum_except_the_deliberately_short():
    for demo in REGION_DEMOS.values():
        for spec in demo.innovations:
            design = compose_design(
                spec,
                demo,
                region_name="Kabupaten Contoh",
                opd_name="Dinas Contoh",
                affair_name="Kesehatan",
                basic_service=True,
                rng=random.Random(1),
            )
            words = len(design.split())
            if spec.short_design or (spec.design and words < 300):
                assert words < 300, spec.name
            else:
                assert words >= 300, spec.name
