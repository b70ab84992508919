"""The public idea box over the API (issue #20), as its pages: anyone in the region sends an
idea without an account and follows it by the receipt code, which shows the status and nothing
personal; an address is held to the page's hourly limit."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.ideas.models import Idea

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "Taman baca di pasar",
    "problem": "Anak pedagang menunggu tanpa kegiatan.",
    "proposal": "Rak buku keliling di los pasar.",
    "proposer_name": "Siti",
    "proposer_contact": "siti@contoh.test",
}


@pytest.fixture(autouse=True)
def _fresh_limits():
    from django.core.cache import cache

    cache.clear()


def test_a_resident_sends_an_idea_and_follows_it(personas, region_a, api_for):
    anonymous = api_for(None, region_a)
    sent = anonymous.post("/api/v1/ideas/public/", {**IDEA, "suggested_opd": personas.opd_a.pk})
    assert sent.status_code == 201, sent.content
    receipt = sent.json()
    assert receipt["status"] == "new" and set(receipt) == {
        "receipt_code",
        "status",
        "status_label",
        "created_at",
    }
    with tenant_context(region_a):
        idea = Idea.objects.get(receipt_code=receipt["receipt_code"])
        assert (idea.proposer_kind, idea.proposer_name) == ("public", "Siti")
        assert idea.suggested_opd_id == personas.opd_a.pk
    typed = receipt["receipt_code"].replace("-", "").lower()
    followed = anonymous.get(f"/api/v1/idea-receipts/{typed}/")
    assert followed.status_code == 200 and followed.json()["status"] == "new"
    assert "Siti" not in followed.content.decode()
    assert anonymous.get("/api/v1/idea-receipts/ZZZZ-ZZZZ-ZZ/").status_code == 404


def test_a_name_is_needed_and_an_address_is_held_to_the_limit(region_a, api_for, monkeypatch):
    anonymous = api_for(None, region_a)
    nameless = anonymous.post("/api/v1/ideas/public/", {**IDEA, "proposer_name": ""})
    assert nameless.status_code == 400 and "proposer_name" in nameless.json()["error"]["fields"]
    monkeypatch.setattr("tenants.ideas.guard.SUBMISSIONS_PER_HOUR", 2)
    answers = [anonymous.post("/api/v1/ideas/public/", IDEA).status_code for _ in range(3)]
    assert answers == [201, 201, 429]
    with tenant_context(region_a):
        assert Idea.objects.count() == 2
