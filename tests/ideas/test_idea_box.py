"""The idea box: members and the public propose, Bappeda triages (with "did you mean"
duplicates), an OPD adopts an accepted idea and it becomes a lab project; nobody outside the
region, and no other OPD, reads or changes what is not theirs."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from pipeline.models import PendingEffect
from tenants.ideas import guard
from tenants.ideas.models import Idea, IdeaStatus, ProposerKind
from tenants.ideas.services import idea_adopt, idea_propose, idea_submit_public, idea_triage
from tenants.lab.models import LabProject
from tests.conftest import make_member, make_opd

IDEA = {
    "title": "Antar jemput dokumen kependudukan",
    "problem": "Warga desa jauh harus datang ke kantor Disdukcapil untuk mengurus KK.",
    "proposal": "Petugas kecamatan menjemput berkas dan mengantar dokumen jadi ke desa.",
}


def _public(region, **overrides) -> Idea:
    return idea_submit_public(
        region=region,
        data={**IDEA, "proposer_name": "Siti", "proposer_contact": "0812", **overrides},
    )


def _old_token(seconds: float = 60) -> str:
    """A form stamp as if the form had been shown `seconds` ago."""

    class Backdated(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time() - seconds))

    return Backdated(salt=guard.SALT).sign("form")


@pytest.fixture
def public_form(client_for, region_a, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    return client_for(None, region_a)


def _post_public(client, **overrides):
    data = {**IDEA, "proposer_name": "Budi", "started": _old_token(), "website": "", **overrides}
    return client.post("/ide/kirim/", data)


def test_the_public_sends_an_idea_without_an_account_and_follows_only_its_status(
    public_form, region_a, personas
):
    page = public_form.get("/ide/kirim/")
    assert page.status_code == 200
    response = _post_public(public_form, proposer_contact="budi@contoh.test")
    assert response.status_code == 201
    with tenant_context(region_a):
        idea = Idea.objects.get()
    assert idea.proposer_kind == ProposerKind.PUBLIC
    assert idea.status == IdeaStatus.NEW
    assert idea.receipt_code in response.content.decode()
    # The triagers are told.
    notice = PendingEffect.objects.get(effect="notifications.notice")
    assert notice.payload["user_ids"] == [personas.admin_a.pk]
    typed = idea.receipt_code.lower().replace("-", " ")
    status = public_form.get("/ide/status/", {"kode": typed})
    body = status.content.decode()
    assert "Baru" in body
    assert "Budi" not in body and "budi@contoh.test" not in body and IDEA["problem"] not in body
    assert (
        "tidak kami kenal"
        in public_form.get("/ide/status/", {"kode": "XXXX-XXXX-XX"}).content.decode()
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"website": "http://spam.example"},  # the honeypot filled
        {"started": "now"},  # sent at once
        {"started": "not-signed"},  # a forged timestamp
    ],
)
def test_robots_are_turned_away_from_the_public_form(public_form, region_a, overrides):
    if overrides.get("started") == "now":
        overrides = {"started": guard.form_token()}
    response = _post_public(public_form, **overrides)
    assert response.status_code == 200
    assert "Formulir tidak dapat dikirim" in response.content.decode()
    with tenant_context(region_a):
        assert not Idea.objects.exists()


def test_one_address_sends_a_few_ideas_an_hour(public_form, region_a):
    for number in range(guard.SUBMISSIONS_PER_HOUR):
        assert _post_public(public_form, title=f"Ide {number}").status_code == 201
    refused = _post_public(public_form, title="Satu lagi")
    assert "Terlalu banyak ide" in refused.content.decode()
    with tenant_context(region_a):
        assert Idea.objects.count() == guard.SUBMISSIONS_PER_HOUR


def test_a_member_proposes_through_their_account_and_sees_their_own(personas, region_a, client_for):
    client = client_for(personas.verifier_a, region_a)
    response = client.post("/ide/", {**IDEA, "proposer_kind": "asn"})
    assert response.status_code == 302
    with tenant_context(region_a):
        idea = Idea.objects.get()
    assert idea.proposer_user_id == personas.verifier_a.pk
    assert idea.proposer_kind == ProposerKind.ASN
    assert client.get(f"/ide/{idea.pk}/").status_code == 200
    # Another member does not read a new idea of someone else, nor its proposer.
    assert client_for(personas.operator_a, region_a).get(f"/ide/{idea.pk}/").status_code == 404


def test_triage_suggests_look_alike_titles_and_records_a_duplicate(personas, region_a, client_for):
    first = _public(region_a)
    second = _public(region_a, title="Antar jemput dokumen kependudukan ke desa")
    other = _public(region_a, title="Pasar ikan higienis")
    admin = client_for(personas.admin_a, region_a)
    page = admin.get(f"/ide/{second.pk}/").content.decode()
    assert first.title in page and other.title not in page
    response = admin.post(
        f"/ide/{second.pk}/triase/", {"status": "duplicate", "duplicate_of": first.pk}
    )
    assert response.status_code == 302
    with tenant_context(region_a):
        second.refresh_from_db()
    assert second.status == IdeaStatus.DUPLICATE and second.duplicate_of_id == first.pk
    listed = admin.get("/ide/triase/", {"status": "duplicate"}).content.decode()
    assert second.title in listed and other.title not in listed


def test_triage_rules(personas, region_a):
    idea = _public(region_a)
    with pytest.raises(ValidationError):
        idea_triage(region=region_a, actor=personas.admin_a, idea=idea, status="needs_work")
    with pytest.raises(ValidationError):
        idea_triage(region=region_a, actor=personas.admin_a, idea=idea, status="duplicate")
    with pytest.raises(ValidationError):
        idea_triage(region=region_a, actor=personas.admin_a, idea=idea, status="adopted")
    for someone in (personas.operator_a, personas.verifier_a, personas.leader_a, personas.admin_b):
        with pytest.raises(PermissionDenied):
            idea_triage(region=region_a, actor=someone, idea=idea, status="accepted")


def test_the_proposer_member_is_told_of_the_verdict(personas, region_a):
    idea = idea_propose(region=region_a, actor=personas.operator_a, data=IDEA, proposer_kind="opd")
    PendingEffect.objects.all().delete()
    idea_triage(
        region=region_a, actor=personas.admin_a, idea=idea, status="needs_work", note="Data?"
    )
    notice = PendingEffect.objects.get(effect="notifications.notice")
    assert notice.payload["user_ids"] == [personas.operator_a.pk]
    assert notice.payload["params"]["status"] == "Perlu dilengkapi"


def test_an_opd_adopts_an_accepted_idea_and_it_moves_into_the_lab(personas, region_a, client_for):
    idea = _public(region_a)
    operator = client_for(personas.operator_a, region_a)
    # Not accepted yet: the operator does not even see it.
    assert operator.post(f"/ide/{idea.pk}/adopsi/", {"opd": personas.opd_a.pk}).status_code == 404
    idea_triage(region=region_a, actor=personas.admin_a, idea=idea, status="accepted")
    assert "Adopsi ide" in operator.get(f"/ide/{idea.pk}/").content.decode()
    response = operator.post(f"/ide/{idea.pk}/adopsi/", {"opd": personas.opd_a.pk})
    assert response.status_code == 302
    with tenant_context(region_a):
        idea.refresh_from_db()
        project = LabProject.objects.get()
    assert idea.status == IdeaStatus.ADOPTED and idea.adopted_by_opd_id == personas.opd_a.pk
    assert project.origin_idea_id == idea.pk and project.opd_id == personas.opd_a.pk
    assert project.stage == "drum_up" and project.problem == IDEA["problem"]
    assert response["Location"] == f"/lab/{project.pk}/"
    # Adopted once: a second adoption and a late triage are refused.
    with pytest.raises(ValidationError):
        idea_adopt(region=region_a, actor=personas.admin_a, idea=idea, opd=personas.opd_a)
    with pytest.raises(ValidationError):
        idea_triage(region=region_a, actor=personas.admin_a, idea=idea, status="new")


def test_an_operator_adopts_only_for_their_own_opd_and_admins_for_any(
    personas, region_a, client_for
):
    other_opd = make_opd(region_a, "Dinas Pendidikan")
    idea = _public(region_a)
    idea_triage(region=region_a, actor=personas.admin_a, idea=idea, status="accepted")
    operator = client_for(personas.operator_a, region_a)
    assert operator.post(f"/ide/{idea.pk}/adopsi/", {"opd": other_opd.pk}).status_code == 403
    for someone in (personas.verifier_a, personas.leader_a):
        with pytest.raises(PermissionDenied):
            idea_adopt(region=region_a, actor=someone, idea=idea, opd=other_opd)
    project = idea_adopt(region=region_a, actor=personas.admin_a, idea=idea, opd=other_opd)
    assert project.opd_id == other_opd.pk


def test_other_regions_and_strangers_see_nothing(personas, region_a, client_for):
    idea = _public(region_a)
    idea_triage(region=region_a, actor=personas.admin_a, idea=idea, status="accepted")
    for user in (personas.admin_b, personas.outsider, personas.province_viewer):
        client = client_for(user, region_a)
        assert client.get(f"/ide/{idea.pk}/").status_code in (403, 404)
        assert client.get("/ide/").status_code == 403
        assert client.get("/ide/triase/").status_code == 403
    assert client_for(None, region_a).get("/ide/").status_code == 302
    # Region B's triage page has no Banjar idea.
    page = client_for(personas.admin_b, region_a.__class__.objects.get(slug="tanah-bumbu")).get(
        "/ide/triase/"
    )
    assert idea.title not in page.content.decode()
    member = make_member(region_a, "verifier", "verif2@banjar.test")
    assert client_for(member, region_a).get(f"/ide/{idea.pk}/").status_code == 200
