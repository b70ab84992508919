"""The call pages: a visitor submits on the region's public page without an account and follows
it by receipt number (status only); bots, hurried forms and floods are refused; members submit
as ASN/OPD through their account; managers and jurors work on their own pages, and nobody from
elsewhere sees or changes a thing."""

from __future__ import annotations

import ipaddress
import secrets

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenants.calls import services, spam
from tenants.calls.models import Call, JuryMember, StageScore, Submission
from tests.calls.helpers import call_data, open_call, public_submission, seat_jurors
from tests.registry.helpers import pdf


def fresh_ip() -> str:
    """A client address of its own per request group: the rate limit lives in the shared cache,
    which outlives a test run."""
    return str(ipaddress.IPv6Address(secrets.randbits(128)))


@pytest.fixture(autouse=True)
def _people_fill_forms_at_once(settings):
    settings.CALLS_MIN_FILL_SECONDS = 0


def form_data(**overrides) -> dict:
    return {
        "submitter_kind": "public",
        "contact_name": "Siti Aminah",
        "contact_email": "siti@contoh.test",
        "contact_phone": "0812",
        "team_members": "Budi\nRina",
        "title": "Lumbung pangan desa",
        "category": "agribusiness_food_security",
        "problem": "Harga gabah jatuh saat panen raya.",
        "solution": "Lumbung pangan desa.",
        "website": "",
        "started": spam.new_stamp(),
        **overrides,
    }


def test_a_visitor_submits_without_an_account_and_follows_it_by_receipt(
    personas, region_a, client_for
):
    call = open_call(region_a, personas.admin_a)
    client = client_for(None, region_a)
    assert call.title in client.get(reverse("calls:public_list")).content.decode()
    page = client.get(reverse("calls:public_detail", args=[call.pk]))
    assert page.status_code == 200 and 'name="website"' in page.content.decode()
    response = client.post(
        reverse("calls:public_detail", args=[call.pk]),
        form_data(attachments=pdf("proposal.pdf")),
        REMOTE_ADDR=fresh_ip(),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt_page = client.get(response["Location"])
    with tenant_context(region_a):
        submission = Submission.objects.get(call=call)
        assert submission.attachments.count() == 1
    assert submission.receipt_number in receipt_page.content.decode()
    assert submission.receipt_number.startswith("SYB-")
    assert submission.team_members == ["Budi", "Rina"]
    assert submission.submitter_user_id is None

    lookup = client.get(reverse("calls:receipt"), {"nomor": submission.receipt_number.lower()})
    text = lookup.content.decode()
    assert "Dalam proses seleksi" in text
    assert "Siti" not in text and "siti@contoh.test" not in text and "Lumbung pangan" not in text
    assert (
        "tidak ditemukan"
        in client.get(reverse("calls:receipt"), {"nomor": "SYB-2026-NOPE"}).content.decode()
    )


@pytest.mark.parametrize(
    "overrides",
    [{"website": "http://spam.example"}, {"started": "forged"}, {"started": ""}],
    ids=["honeypot", "forged stamp", "no stamp"],
)
def test_bots_are_refused_and_nothing_is_stored(personas, region_a, client_for, overrides):
    call = open_call(region_a, personas.admin_a)
    response = client_for(None, region_a).post(
        reverse("calls:public_detail", args=[call.pk]),
        form_data(**overrides),
        REMOTE_ADDR=fresh_ip(),
    )
    assert response.status_code == 200
    with tenant_context(region_a):
        assert not Submission.objects.exists()


def test_a_form_sent_faster_than_a_person_types_is_refused(
    personas, region_a, client_for, settings
):
    settings.CALLS_MIN_FILL_SECONDS = 60
    call = open_call(region_a, personas.admin_a)
    client_for(None, region_a).post(
        reverse("calls:public_detail", args=[call.pk]), form_data(), REMOTE_ADDR=fresh_ip()
    )
    with tenant_context(region_a):
        assert not Submission.objects.exists()


def test_one_address_is_limited(personas, region_a, client_for, settings):
    settings.CALLS_PUBLIC_LIMIT = (2, 600)
    call = open_call(region_a, personas.admin_a)
    client = client_for(None, region_a)
    address = fresh_ip()
    codes = [
        client.post(
            reverse("calls:public_detail", args=[call.pk]),
            form_data(title=f"Inovasi {n}"),
            REMOTE_ADDR=address,
        ).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 200]
    with tenant_context(region_a):
        assert Submission.objects.count() == 2
    # Another address is not affected.
    assert (
        client.post(
            reverse("calls:public_detail", args=[call.pk]),
            form_data(title="Lain"),
            REMOTE_ADDR=fresh_ip(),
        ).status_code
        == 302
    )


def test_visitors_cannot_claim_to_be_asn_but_members_submit_for_their_own_opd(
    personas, region_a, client_for
):
    call = open_call(region_a, personas.admin_a)
    url = reverse("calls:public_detail", args=[call.pk])
    client_for(None, region_a).post(url, form_data(submitter_kind="asn"), REMOTE_ADDR=fresh_ip())
    with tenant_context(region_a):
        assert not Submission.objects.exists()
    operator = client_for(personas.operator_a, region_a)
    response = operator.post(
        url,
        form_data(submitter_kind="opd", opd=personas.opd_a.pk, title="Posyandu digital"),
        REMOTE_ADDR=fresh_ip(),
    )
    assert response.status_code == 302
    with tenant_context(region_a):
        submission = Submission.objects.get(call=call)
    assert submission.submitter_kind == "opd"
    assert submission.opd_id == personas.opd_a.pk
    assert submission.submitter_user_id == personas.operator_a.pk


def test_team_size_is_bounded_by_the_call(personas, region_a, client_for):
    call = open_call(region_a, personas.admin_a, max_team_size=2)
    client_for(None, region_a).post(
        reverse("calls:public_detail", args=[call.pk]),
        form_data(team_members="A\nB\nC"),
        REMOTE_ADDR=fresh_ip(),
    )
    with tenant_context(region_a):
        assert not Submission.objects.exists()


def test_drafts_are_not_public_and_another_regions_calls_are_not_here(
    personas, region_a, region_b, client_for
):
    draft = services.call_create(region=region_a, actor=personas.admin_a, data=call_data())
    opened = open_call(region_a, personas.admin_a, title="Krenova Banjar")
    assert (
        client_for(None, region_a).get(reverse("calls:public_detail", args=[draft.pk])).status_code
        == 404
    )
    other = client_for(None, region_b)
    assert "Krenova Banjar" not in other.get(reverse("calls:public_list")).content.decode()
    with tenant_context(region_b):
        assert not Call.objects.filter(pk=opened.pk).exists()
    assert other.get(reverse("calls:public_detail", args=[opened.pk])).status_code == 404


def test_managers_pages_and_steps(personas, region_a, client_for):
    admin = client_for(personas.admin_a, region_a)
    response = admin.post(
        reverse("calls:create"),
        {
            "title": "Penjaringan Inovasi 2026",
            "description": "",
            "categories": ["health", "ict"],
            "opens_on": "2026-01-01",
            "closes_on": "2099-12-31",
            "submitter_kinds": ["public", "asn"],
            "max_team_size": 5,
        },
    )
    assert response.status_code == 302
    with tenant_context(region_a):
        call = Call.objects.get(title="Penjaringan Inovasi 2026")
    detail = admin.get(reverse("calls:manage_detail", args=[call.pk]))
    assert "Seleksi administrasi" in detail.content.decode()
    assert admin.post(reverse("calls:step", args=[call.pk, "open"])).status_code == 302
    with tenant_context(region_a):
        assert Call.objects.get(pk=call.pk).status == "open"
    assert admin.get(reverse("calls:manage")).status_code == 200
    # Others in the region, and admins of other regions, are refused.
    for user in (personas.verifier_a, personas.operator_a, personas.admin_b):
        client = client_for(user, region_a)
        assert client.get(reverse("calls:manage_detail", args=[call.pk])).status_code == 403
        assert client.post(reverse("calls:step", args=[call.pk, "judge"])).status_code == 403
    with tenant_context(region_a):
        assert Call.objects.get(pk=call.pk).status == "open"


def test_a_juror_scores_through_the_pages(personas, region_a, client_for):
    call = open_call(region_a, personas.admin_a)
    submission = public_submission(region_a, call)
    juror, other_juror = seat_jurors(region_a, personas.admin_a, call, count=2)
    services.take_step(region=region_a, actor=personas.admin_a, call=call, step="judge")
    client = client_for(juror, region_a)
    assert call.title in client.get(reverse("calls:jury_home")).content.decode()
    assert (
        submission.title in client.get(reverse("calls:jury_call", args=[call.pk])).content.decode()
    )
    url = reverse("calls:jury_score", args=[submission.pk])
    assert client.post(url, {"step": "declare", "has_conflict": "no"}).status_code == 302
    with tenant_context(region_a):
        criteria = list(Call.objects.get(pk=call.pk).criteria.all())
    response = client.post(
        url, {"step": "score", "note": "Bagus", **{f"score_{c.pk}": 80 for c in criteria}}
    )
    assert response.status_code == 302
    with tenant_context(region_a):
        row = StageScore.objects.get(juror__user_id=juror.pk)
        assert row.total == 80
    # The admin (no seat on this jury) and a juror of no seat cannot judge; an operator may
    # not judge at all.
    assert client_for(personas.admin_a, region_a).get(url).status_code == 404
    assert client_for(personas.operator_a, region_a).get(url).status_code == 403
    services.jury_remove(
        region=region_a, actor=personas.admin_a, juror=_seat(region_a, call, other_juror)
    )
    assert client_for(other_juror, region_a).get(url).status_code == 404


def _seat(region, call, user):
    with tenant_context(region):
        return JuryMember.objects.select_related("call").get(call_id=call.pk, user_id=user.pk)
