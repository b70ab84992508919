"""Managing calls for innovations over the API, with the pages' rules: the region's call managers
create and change a call, set its rubric and jury, take it through its stages to a published
result, read one submission with its files, accept a winner as an innovation, record follow-ups
and forward winners to the province; anyone objects during the uji publik and the managers
decide. Everyone else is refused, and a step the call's state does not allow answers 409."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.calls import services
from tenants.calls.models import Call, Objection, Submission, SubmissionStatus
from tenants.calls.submissions import attachment_add
from tenants.innovations.models import Innovation
from tests.calls.helpers import open_call, public_submission, seat_jurors
from tests.calls.test_pages import fresh_ip
from tests.conftest import make_member
from tests.registry.helpers import pdf

CALLS = "/api/v1/calls/"


def _body(**overrides) -> dict:
    today = timezone.localdate()
    return {
        "title": "Krenova 2027",
        "description": "Lomba kreativitas dan inovasi.",
        "categories": ["health", "ict"],
        "opens_on": str(today),
        "closes_on": str(today + datetime.timedelta(days=30)),
        "submitter_kinds": ["public", "student"],
        "max_team_size": 4,
        **overrides,
    }


def _refused(clients: dict, method: str, url: str, body: dict | None = None) -> None:
    for who, client in clients.items():
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code in (401, 403, 404), (who, method, url, response.status_code)


@pytest.fixture
def strangers(personas, region_a, api_for) -> dict:
    """Who may not manage region A's calls: a member without the right, region B's admin and
    an anonymous visitor."""
    return {
        "verifier": api_for(personas.verifier_a, region_a),
        "other region's admin": api_for(personas.admin_b, region_a),
        "anonymous": api_for(None, region_a),
    }


def _submission(region, pk) -> Submission:
    with tenant_context(region):
        return Submission.objects.get(pk=pk)


def test_a_manager_runs_a_call_end_to_end_over_the_api(personas, region_a, api_for, strangers):
    admin = api_for(personas.admin_a, region_a)

    # Create, refused to strangers (nothing is created), then change.
    _refused(strangers, "post", CALLS, _body())
    with tenant_context(region_a):
        assert not Call.objects.exists()
    bad = admin.post(CALLS, _body(closes_on="2000-01-01"), format="json")
    assert bad.status_code == 400 and "closes_on" in bad.json()["error"]["fields"]
    created = admin.post(CALLS, _body(), format="json")
    assert created.status_code == 201, created.json()
    call = created.json()
    assert call["status"] == "draft" and len(call["criteria"]) == 4
    url = f"{CALLS}{call['id']}/"
    _refused(strangers, "patch", url, {"title": "Diambil alih"})
    changed = admin.patch(url, {"title": "Krenova Banjar 2027"}, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["title"] == "Krenova Banjar 2027"
    assert changed.json()["max_team_size"] == 4  # a PATCH leaves what it does not name

    # The rubric, while a draft.
    _refused(strangers, "post", f"{url}criteria/", {"name": "Dampak", "weight": 10})
    added = admin.post(f"{url}criteria/", {"name": "Dampak", "weight": 10}, format="json")
    assert added.status_code == 201, added.json()
    criterion = added.json()["id"]
    _refused(strangers, "delete", f"{url}criteria/{criterion}/")
    assert admin.delete(f"{url}criteria/{criterion}/").status_code == 204
    assert admin.delete(f"{url}criteria/{criterion}/").status_code == 404
    assert len(admin.get(url).json()["criteria"]) == 4

    # Open it: the rubric is then fixed (409), the call public.
    _refused(strangers, "post", f"{url}steps/open/", {})
    opened = admin.post(f"{url}steps/open/", {}, format="json")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    again = admin.post(f"{url}steps/open/", {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"
    assert admin.post(f"{url}steps/nonsense/", {}, format="json").status_code == 404
    late = admin.post(f"{url}criteria/", {"name": "Dampak", "weight": 10}, format="json")
    assert late.status_code == 409
    with tenant_context(region_a):
        first_criterion = Call.objects.get(pk=call["id"]).criteria.first()
    assert admin.delete(f"{url}criteria/{first_criterion.pk}/").status_code == 409

    # The jury: only members with the jury role; a juror who has not scored may be unseated.
    juror_user = make_member(region_a, Role.JURY, "juri@banjar.test")
    spare_user = make_member(region_a, Role.JURY, "cadangan@banjar.test")
    seat = {"user": juror_user.pk, "affiliation_kind": "academia", "affiliation": "ULM"}
    _refused(strangers, "post", f"{url}jury/", seat)
    _refused(strangers, "get", f"{url}jury/")
    not_a_juror = admin.post(f"{url}jury/", {**seat, "user": personas.outsider.pk}, format="json")
    assert not_a_juror.status_code == 400 and "user" in not_a_juror.json()["error"]["fields"]
    seated = admin.post(f"{url}jury/", seat, format="json")
    assert seated.status_code == 201, seated.json()
    spare = admin.post(f"{url}jury/", {**seat, "user": spare_user.pk}, format="json").json()
    assert [j["name"] for j in admin.get(f"{url}jury/").json()] == sorted(
        [seated.json()["name"], spare["name"]]
    )
    _refused(strangers, "delete", f"{url}jury/{spare['id']}/")
    assert admin.delete(f"{url}jury/{spare['id']}/").status_code == 204
    assert len(admin.get(f"{url}jury/").json()) == 1

    # Submissions, then the stages: judge, score, advance to the decision, publish, close.
    with tenant_context(region_a):
        stored = Call.objects.get(pk=call["id"])
    sub = public_submission(region_a, stored, "Posyandu digital", category="health")
    _refused(strangers, "post", f"{url}steps/judge/", {})
    assert admin.post(f"{url}steps/judge/", {}, format="json").json()["status"] == "judging"
    assert admin.patch(url, {"title": "Terlambat"}, format="json").status_code == 409
    juror = api_for(juror_user, region_a)
    with tenant_context(region_a):
        criteria = [c.pk for c in stored.criteria.all()]
    for stage in range(3):  # the three review stages
        juror.post(
            f"/api/v1/call-submissions/{sub.pk}/declaration/",
            {"has_conflict": False},
            format="json",
        )
        scored = juror.post(
            f"/api/v1/call-submissions/{sub.pk}/scores/",
            {"scores": {str(pk): 80 for pk in criteria}},
            format="json",
        )
        assert scored.status_code == 200, (stage, scored.json())
        moved = admin.post(f"{url}steps/advance/", {"keep": 1}, format="json")
        assert moved.status_code == 200, moved.json()
    assert moved.json()["current_stage"] == "Uji publik (masa sanggah)"
    # A juror who has scored stays.
    assert admin.delete(f"{url}jury/{seated.json()['id']}/").status_code == 409
    assert admin.post(f"{url}steps/publish/", {}, format="json").status_code == 409
    assert admin.post(f"{url}steps/advance/", {}, format="json").status_code == 200
    published = admin.post(f"{url}steps/publish/", {"winners": 1}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["results"][0]["title"] == "Posyandu digital"
    assert _submission(region_a, sub.pk).status == SubmissionStatus.WINNER
    late_juror = admin.post(f"{url}jury/", {**seat, "user": spare_user.pk}, format="json")
    assert late_juror.status_code == 409
    closed = admin.post(f"{url}steps/close/", {}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_a_manager_reads_one_submission_and_downloads_its_files(
    personas, region_a, api_for, strangers
):
    call = open_call(region_a, personas.admin_a)
    sub = public_submission(region_a, call)
    with tenant_context(region_a):
        sub = Submission.objects.select_related("call").get(pk=sub.pk)
    attachment = attachment_add(region=region_a, submission=sub, upload=pdf("proposal.pdf"))
    url = f"/api/v1/call-submissions/{sub.pk}/"
    file_url = f"{url}attachments/{attachment.pk}/"
    _refused(strangers, "get", url)
    _refused(strangers, "get", file_url)
    admin = api_for(personas.admin_a, region_a)
    detail = admin.get(url)
    assert detail.status_code == 200, detail.json()
    body = detail.json()
    assert body["contact_email"] == "siti@contoh.test"
    assert body["team_members"] == ["Budi", "Rina"]
    assert body["call"] == call.pk
    assert [a["original_name"] for a in body["attachments"]] == ["proposal.pdf"]
    assert body["scores"] == [] and body["objections"] == [] and body["follow_ups"] == []
    download = admin.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert admin.get(f"{url}attachments/{attachment.pk + 999}/").status_code == 404
    # The call's jurors read its files too (as on the page); a juror of no seat does not.
    (juror,) = seat_jurors(region_a, personas.admin_a, call, count=1)
    services.take_step(region=region_a, actor=personas.admin_a, call=call, step="judge")
    assert api_for(juror, region_a).get(file_url).status_code == 200
    unseated = make_member(region_a, Role.JURY, "lain@banjar.test")
    assert api_for(unseated, region_a).get(file_url).status_code == 404
    assert api_for(juror, region_a).get(url).status_code == 403  # the detail is managers' only


def _winner(region, admin, title="Lumbung pangan desa"):
    call = open_call(region, admin)
    sub = public_submission(region, call, title)
    with tenant_context(region):
        # Set-up shortcut: the call's own flow is tested above and in tests/calls.
        Submission.objects.filter(pk=sub.pk).update(status=SubmissionStatus.WINNER)
    return call, sub


def test_a_manager_accepts_a_winner_records_follow_ups_and_forwards_it(
    personas, region_a, province, api_for, strangers
):
    from tests.effects import apply_effects

    _call, sub = _winner(region_a, personas.admin_a)
    loser = public_submission(region_a, _call, "Bank sampah")
    base = f"/api/v1/call-submissions/{sub.pk}/"
    admin = api_for(personas.admin_a, region_a)

    _refused(strangers, "post", f"{base}accept/", {"opd": personas.opd_a.pk})
    no_opd = admin.post(f"{base}accept/", {}, format="json")
    assert no_opd.status_code == 400 and "opd" in no_opd.json()["error"]["fields"]
    not_winner = admin.post(
        f"/api/v1/call-submissions/{loser.pk}/accept/", {"opd": personas.opd_a.pk}, format="json"
    )
    assert not_winner.status_code == 409
    accepted = admin.post(f"{base}accept/", {"opd": personas.opd_a.pk}, format="json")
    assert accepted.status_code == 200, accepted.json()
    again = admin.post(f"{base}accept/", {}, format="json")
    assert again.json()["innovation_id"] == accepted.json()["innovation_id"]
    with tenant_context(region_a):
        innovation = Innovation.objects.get(pk=accepted.json()["innovation_id"])
        assert innovation.opd_id == personas.opd_a.pk

    follow = {"kind": "hki", "status": "in_progress", "note": "Didaftarkan"}
    _refused(strangers, "post", f"{base}follow-ups/", follow)
    assert admin.post(f"{base}follow-ups/", follow, format="json").status_code == 200
    done = admin.post(f"{base}follow-ups/", {**follow, "status": "done"}, format="json")
    assert done.json()["status"] == "done"
    assert [f["status"] for f in admin.get(base).json()["follow_ups"]] == ["done"]
    unranked = admin.post(f"/api/v1/call-submissions/{loser.pk}/follow-ups/", follow, format="json")
    assert unranked.status_code == 409

    province_admin = make_member(province, Role.REGION_ADMIN, "admin@kalsel.test")
    province_call = open_call(province, province_admin, title="Krenova Kalsel")
    _refused(strangers, "post", f"{base}forward/", {"call": province_call.pk})
    closed_call = admin.post(f"{base}forward/", {"call": province_call.pk + 999}, format="json")
    assert closed_call.status_code == 400
    forwarded = admin.post(f"{base}forward/", {"call": province_call.pk}, format="json")
    assert forwarded.status_code == 202
    assert (
        admin.post(
            f"/api/v1/call-submissions/{loser.pk}/forward/",
            {"call": province_call.pk},
            format="json",
        ).status_code
        == 409
    )
    apply_effects(only={"calls.forward"})
    with tenant_context(province):
        assert Submission.objects.filter(call=province_call).get().title == "Lumbung pangan desa"


def test_anyone_objects_during_the_uji_publik_and_a_manager_decides(
    personas, region_a, api_for, strangers
):
    call = open_call(region_a, personas.admin_a)
    sub = public_submission(region_a, call)
    seat_jurors(region_a, personas.admin_a, call, count=1)
    claim = {
        "submission": sub.pk,
        "claimant_name": "Warga",
        "claimant_contact": "warga@contoh.test",
        "reason": "Sudah diterapkan di desa tetangga sejak 2019.",
    }
    visitor = api_for(None, region_a)
    url = f"{CALLS}{call.pk}/objections/"
    early = visitor.post(url, claim, format="json", REMOTE_ADDR=fresh_ip())
    assert early.status_code == 400  # not in the uji publik yet
    services.take_step(region=region_a, actor=personas.admin_a, call=call, step="judge")
    with tenant_context(region_a):
        # Set-up shortcut: straight to the objection period (the stages are tested above).
        stored = Call.objects.get(pk=call.pk)
        period = stored.stages.get(kind="objection_period")
        Call.objects.filter(pk=call.pk).update(current_stage=period)
        Submission.objects.filter(pk=sub.pk).update(current_stage=period)
    filed = visitor.post(url, claim, format="json", REMOTE_ADDR=fresh_ip())
    assert filed.status_code == 201, filed.json()
    assert filed.json()["status"] == "open"
    other = visitor.post(
        url, {**claim, "submission": sub.pk + 999}, format="json", REMOTE_ADDR=fresh_ip()
    )
    assert other.status_code == 400
    # An address that sends too many is stopped before its claim is read.
    ip = fresh_ip()
    answers = [
        visitor.post(url, {}, format="json", REMOTE_ADDR=ip).status_code
        for _ in range(settings.CALLS_PUBLIC_LIMIT[0] + 1)
    ]
    assert answers[:-1] == [400] * settings.CALLS_PUBLIC_LIMIT[0] and answers[-1] == 429

    decision = f"/api/v1/call-objections/{filed.json()['id']}/decision/"
    _refused(strangers, "post", decision, {"decision": "uphold"})
    admin = api_for(personas.admin_a, region_a)
    assert admin.get(f"/api/v1/call-submissions/{sub.pk}/").json()["objections"][0]["status"] == (
        "open"
    )
    upheld = admin.post(decision, {"decision": "uphold"}, format="json")
    assert upheld.status_code == 200, upheld.json()
    assert upheld.json()["status"] == "upheld"
    assert _submission(region_a, sub.pk).status == SubmissionStatus.DISQUALIFIED
    assert admin.post(decision, {"decision": "reject"}, format="json").status_code == 409
    assert (
        admin.post(
            "/api/v1/call-objections/999999/decision/", {"decision": "reject"}, format="json"
        ).status_code
        == 404
    )
    with tenant_context(region_a):
        assert Objection.objects.get().status == "upheld"
