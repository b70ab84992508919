"""The demo's idea box and lab: in Banjar an idea from the public, accepted and adopted by
Disdukcapil, whose lab project has documents in two stages; in Karo SK Tim Inovasi and kontrak
kinerja of a few instansi for the current year. Loading it again changes nothing."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from lumbung.demo.ideas_lab import KARO_COMMITMENTS, seed_ideas_and_lab
from regions.activation import activate_regions
from rubric.years import current_year
from tenants.ideas.models import Idea, IdeaStatus, ProposerKind
from tenants.lab.models import LabProject, OpdCommitment, StageDocument
from tenants.organization.services import opd_add_standard_units
from tests.conftest import region_by_slug


def _snapshot(banjar, karo) -> dict:
    with tenant_context(banjar):
        banjar_rows = (
            list(Idea.objects.values_list("pk", "status")),
            list(LabProject.objects.values_list("pk", "stage")),
            list(StageDocument.objects.values_list("pk", "stage", "kind")),
        )
    with tenant_context(karo):
        karo_rows = list(OpdCommitment.objects.values_list("pk", "opd__short_name", "kind", "year"))
    return {"banjar": banjar_rows, "karo": karo_rows}


def test_the_demo_tells_the_idea_to_lab_story_and_karos_commitments(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    banjar = region_by_slug("banjar")
    karo = region_by_slug("karo")
    activate_regions([karo])
    karo.refresh_from_db()
    for region in (banjar, karo):
        opd_add_standard_units(region=region)
    created = seed_ideas_and_lab([banjar, karo, region_by_slug("tanah-bumbu")])
    assert created > 0
    with tenant_context(banjar):
        idea = Idea.objects.get()
        project = LabProject.objects.select_related("opd").get()
        stages = set(StageDocument.objects.values_list("stage", flat=True))
    assert idea.proposer_kind == ProposerKind.PUBLIC and idea.status == IdeaStatus.ADOPTED
    assert idea.proposer_contact.endswith("@demo.lumbung.id")
    assert project.origin_idea_id == idea.pk and project.opd.short_name == "Disdukcapil"
    assert stages == {"drum_up", "diagnose"} and project.stage == "diagnose"
    with tenant_context(karo):
        kinds = set(
            OpdCommitment.objects.filter(year=current_year()).values_list("opd__short_name", "kind")
        )
    assert kinds == {(short, kind) for short, kinds_ in KARO_COMMITMENTS for kind in kinds_}
    before = _snapshot(banjar, karo)
    assert seed_ideas_and_lab([banjar, karo]) == 0
    assert _snapshot(banjar, karo) == before
