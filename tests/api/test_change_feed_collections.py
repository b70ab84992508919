"""The change feed covers every collection of a region's API (issue #20, point 3): a copy kept
through `updated_since` learns of creations, changes and deletions (tombstones) of OPD units,
facilitators, ideas, calls, the lab, the programme, publications and discussions from the feed,
read on with a cursor; each entry names the list it belongs to and the id used there. A reader
sees only the subjects whose whole list they may read, and never another region's."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.history.access import SUBJECT_READERS
from tenants.history.models import Change
from tests.registry.helpers import pdf

pytestmark = pytest.mark.django_db

FEED = "/api/v1/history/feed/"


@pytest.fixture(autouse=True)
def _settled_at_once(settings, tmp_path):
    settings.CHANGE_FEED_SETTLE_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path  # uploads of these tests


def _read_on(client, cursor: str | None = None) -> tuple[list[dict], str]:
    """Every settled change after `cursor` (from the beginning without one), page by page."""
    rows: list[dict] = []
    while True:
        query = {"page_size": 3} | ({"cursor": cursor} if cursor else {})
        response = client.get(FEED, query)
        assert response.status_code == 200, response.content
        page = response.json()
        rows += page["results"]
        cursor = page["next"]
        if not page["has_more"]:
            return rows, cursor


def _seen(rows: list[dict], *subjects: str) -> list[tuple]:
    return [
        (row["subject"], row["operation"], row["subject_id"], row["collection"])
        for row in rows
        if row["subject"] in subjects
    ]


def test_opd_units_and_facilitators_are_followed_with_tombstones(
    personas, region_a, region_b, api_for
):
    admin = api_for(personas.admin_a, region_a)
    _rows, cursor = _read_on(admin)
    unit = admin.post("/api/v1/opd-units/", {"name": "Dinas Perikanan"}, format="json").json()
    patched = admin.patch(f"/api/v1/opd-units/{unit['id']}/", {"head_name": "Ir. Budi"})
    assert patched.status_code == 200, patched.content
    facilitator = admin.post(
        "/api/v1/facilitators/", {"opd": unit["id"], "name": "Rina"}, format="json"
    ).json()

    rows, cursor = _read_on(admin, cursor)
    assert _seen(rows, "opd_unit", "facilitator") == [
        ("opd_unit", "created", unit["id"], "/api/v1/opd-units/"),
        ("opd_unit", "updated", unit["id"], "/api/v1/opd-units/"),
        ("facilitator", "created", facilitator["id"], "/api/v1/facilitators/"),
    ]
    assert rows[0]["resource"] == f"/api/v1/opd-units/{unit['id']}/"
    assert rows[1]["changes"] == {"head_name": ["", "Ir. Budi"]}
    # The resource the entry names is where the row is read.
    assert admin.get(rows[2]["resource"]).json()["name"] == "Rina"

    # Deleting the unit takes its facilitator along: both get a tombstone.
    assert admin.delete(f"/api/v1/opd-units/{unit['id']}/").status_code == 204
    rows, cursor = _read_on(admin, cursor)
    assert sorted(_seen(rows, "opd_unit", "facilitator")) == [
        ("facilitator", "deleted", facilitator["id"], "/api/v1/facilitators/"),
        ("opd_unit", "deleted", unit["id"], "/api/v1/opd-units/"),
    ]
    assert admin.get(f"/api/v1/opd-units/{unit['id']}/").status_code == 404
    assert _read_on(admin, cursor)[0] == []

    # Another region's feed knows nothing of them.
    other, _ = _read_on(api_for(personas.admin_b, region_b))
    assert _seen(other, "opd_unit", "facilitator") == []


def test_programme_events_with_their_attendance_and_materials(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a)
    _rows, cursor = _read_on(admin)
    event = admin.post(
        "/api/v1/programme/events/",
        {
            "kind": "pertemuan_fasilitator",
            "title": "Pertemuan Triwulan I",
            "starts_at": "2026-03-10T09:00:00+07:00",
        },
        format="json",
    ).json()
    pk = event["id"]
    attendance = admin.post(
        f"/api/v1/programme/events/{pk}/attendance/",
        {"opd": personas.opd_a.pk, "person_name": "Andi"},
        format="json",
    )
    assert attendance.status_code == 201, attendance.content
    material = admin.post(
        f"/api/v1/programme/events/{pk}/materials/",
        {"title": "Modul", "file": pdf("modul.pdf")},
        format="multipart",
    )
    assert material.status_code == 201, material.content
    assert admin.delete(f"/api/v1/programme/events/{pk}/").status_code == 204

    rows, _cursor = _read_on(admin, cursor)
    seen = _seen(rows, "event", "attendance", "material")
    attendance_id, material_id = attendance.json()["id"], material.json()["id"]
    assert seen[:3] == [
        ("event", "created", pk, "/api/v1/programme/events/"),
        ("attendance", "created", attendance_id, f"/api/v1/programme/events/{pk}/attendance/"),
        ("material", "created", material_id, f"/api/v1/programme/events/{pk}/materials/"),
    ]
    # The event's deletion: a tombstone for it and for each part it took along.
    assert sorted(seen[3:]) == [
        ("attendance", "deleted", attendance_id, f"/api/v1/programme/events/{pk}/attendance/"),
        ("event", "deleted", pk, "/api/v1/programme/events/"),
        ("material", "deleted", material_id, f"/api/v1/programme/events/{pk}/materials/"),
    ]


def test_lab_projects_documents_and_commitments(personas, region_a, api_for):
    import datetime

    from tenants.lab.models import OpdCommitment, StageDocument
    from tenants.lab.services import commitment_remove, document_remove

    operator = api_for(personas.operator_a, region_a)
    verifier = api_for(personas.verifier_a, region_a)
    _rows, cursor = _read_on(verifier)
    project = operator.post(
        "/api/v1/lab/projects/",
        {"opd": personas.opd_a.pk, "title": "Antrean daring"},
        format="json",
    ).json()
    pk = project["id"]
    document = operator.post(
        f"/api/v1/lab/projects/{pk}/documents/",
        {"kind": "commitment_letter", "file": pdf()},
        format="multipart",
    )
    assert document.status_code == 201, document.content
    commitment = operator.post(
        "/api/v1/lab/commitments/",
        {
            "opd": personas.opd_a.pk,
            "year": 2026,
            "kind": "sk_tim_inovasi",
            "number": "800/1/2026",
            "signed_on": datetime.date(2026, 1, 5).isoformat(),
            "signed_by": "Kepala Dinas",
            "file": pdf(),
        },
        format="multipart",
    )
    assert commitment.status_code == 201, commitment.content
    with tenant_context(region_a):
        document_remove(
            region=region_a,
            actor=personas.admin_a,
            document=StageDocument.objects.get(pk=document.json()["id"]),
        )
        commitment_remove(
            region=region_a,
            actor=personas.admin_a,
            commitment=OpdCommitment.objects.get(pk=commitment.json()["id"]),
        )

    rows, _cursor = _read_on(verifier, cursor)
    documents = f"/api/v1/lab/projects/{pk}/documents/"
    assert _seen(rows, "lab_project", "lab_document", "commitment") == [
        ("lab_project", "created", pk, "/api/v1/lab/projects/"),
        ("lab_document", "created", document.json()["id"], documents),
        ("commitment", "created", commitment.json()["id"], "/api/v1/lab/commitments/"),
        ("lab_document", "deleted", document.json()["id"], documents),
        ("commitment", "deleted", commitment.json()["id"], "/api/v1/lab/commitments/"),
    ]


def test_ideas_and_calls_reach_only_those_who_see_every_one(personas, region_a, api_for):
    from tenants.calls.services import call_create
    from tests.calls.helpers import call_data

    admin = api_for(personas.admin_a, region_a)
    verifier = api_for(personas.verifier_a, region_a)
    idea = api_for(personas.operator_a, region_a).post(
        "/api/v1/ideas/",
        {"title": "Antrean", "problem": "Lama", "proposal": "Daring", "proposer_kind": "asn"},
        format="json",
    )
    assert idea.status_code == 201, idea.content
    idea_id = idea.json()["id"]
    triaged = admin.post(f"/api/v1/ideas/{idea_id}/triage/", {"status": "accepted"}, format="json")
    assert triaged.status_code == 200, triaged.content
    call = call_create(region=region_a, actor=personas.admin_a, data=call_data())

    rows, _ = _read_on(admin)
    assert _seen(rows, "idea", "call") == [
        ("idea", "created", idea_id, "/api/v1/ideas/"),
        ("idea", "updated", idea_id, "/api/v1/ideas/"),
        ("call", "created", call.pk, "/api/v1/calls/"),
    ]
    # A verifier sees only shared ideas and no draft calls in those lists: none of them here.
    assert verifier.get("/api/v1/calls/").json()["count"] == 0
    assert _seen(_read_on(verifier)[0], "idea", "call") == []


def test_discussion_posts_reach_those_who_take_part(personas, region_a, api_for):
    from tenants.discussions.models import Post
    from tenants.discussions.services import post_delete

    operator = api_for(personas.operator_a, region_a)
    opd = personas.opd_a.pk
    posted = operator.post(
        f"/api/v1/discussions/opd-units/{opd}/posts/", {"body": "Kendala"}, format="multipart"
    )
    assert posted.status_code == 201, posted.content
    with tenant_context(region_a):
        post_delete(
            region=region_a,
            actor=personas.operator_a,
            post=Post.objects.get(pk=posted.json()["id"]),
        )
    posts = f"/api/v1/discussions/opd-units/{opd}/posts/"
    verifier_rows, _ = _read_on(api_for(personas.verifier_a, region_a))
    assert _seen(verifier_rows, "opd_post") == [
        ("opd_post", "created", posted.json()["id"], posts),
        ("opd_post", "deleted", posted.json()["id"], posts),
    ]
    # Leaders read the history but take part in no discussion: the posts are not theirs to see.
    leader = api_for(personas.leader_a, region_a)
    assert leader.get(posts).status_code == 403
    assert _seen(_read_on(leader)[0], "opd_post") == []
    # OPD operators do not read the history at all (nor, so, other OPDs' changes).
    assert operator.get(FEED).status_code == 403


def test_publications_and_their_documents(personas, region_a, api_for):
    from tenants.innovations.models import Innovation
    from tenants.publishing.services import add_document, publish, unpublish
    from tests.replication.helpers import verified_innovation

    innovation = verified_innovation(region_a, personas.admin_a, personas.opd_a)
    publish(region=region_a, actor=personas.admin_a, innovation=innovation)
    document = add_document(
        region=region_a,
        actor=personas.admin_a,
        innovation=innovation,
        kind="sop",
        title="SOP",
        upload=pdf(),
    )
    with tenant_context(region_a):
        innovation = Innovation.objects.get(pk=innovation.pk)
    unpublish(region=region_a, actor=personas.admin_a, innovation=innovation)

    rows, _ = _read_on(api_for(personas.admin_a, region_a))
    documents = f"/api/v1/innovations/{innovation.pk}/publication/documents/"
    seen = [
        (row["subject"], row["operation"], row["subject_id"], row["collection"], row["resource"])
        for row in rows
        if row["subject"] in ("publication", "publication_document")
    ]
    publication = f"/api/v1/innovations/{innovation.pk}/publication/"
    assert seen == [
        ("publication", "created", innovation.pk, None, publication),
        ("publication_document", "created", document.pk, documents, f"{documents}{document.pk}/"),
        ("publication_document", "deleted", document.pk, documents, f"{documents}{document.pk}/"),
        ("publication", "deleted", innovation.pk, None, publication),
    ]


def test_every_subject_has_its_readers_and_its_address():
    from api.history.serializers import WHERE

    assert set(SUBJECT_READERS) == set(Change.Subject.values)
    assert set(WHERE) == set(Change.Subject.values)


def test_the_history_page_shows_the_new_subjects_to_whom_may_read_them(
    personas, region_a, client_for
):
    from django.urls import reverse

    from tenants.ideas.services import idea_submit_public
    from tenants.organization.services import opd_unit_create

    opd_unit_create(region=region_a, actor=personas.admin_a, data={"name": "Dinas Pariwisata"})
    idea_submit_public(
        region=region_a,
        data={"title": "Ide rahasia", "problem": "M", "proposal": "U", "proposer_name": "A"},
    )
    admin_page = client_for(personas.admin_a, region_a).get(reverse("history:list"))
    assert admin_page.status_code == 200
    text = admin_page.content.decode()
    assert "Dinas Pariwisata" in text and "Ide rahasia" in text and "Unit OPD" in text
    leader_page = client_for(personas.leader_a, region_a).get(reverse("history:list"))
    text = leader_page.content.decode()
    assert "Dinas Pariwisata" in text and "Ide rahasia" not in text
    assert 'value="idea"' not in text and 'value="opd_unit"' in text


def test_members_reach_only_those_who_manage_them(personas, region_a, api_for, client_for):
    from django.urls import reverse

    from accounts.models import Role
    from tenants.members.services import member_change_role, member_invite, member_remove

    admin = api_for(personas.admin_a, region_a)
    _rows, cursor = _read_on(admin)
    membership, _token = member_invite(
        region=region_a,
        actor=personas.admin_a,
        email="baru@banjar.test",
        full_name="Sari Baru",
        role=Role.VERIFIER,
    )
    listed = admin.get("/api/v1/members/").json()["results"]
    assert membership.pk in [row["id"] for row in listed]
    member_change_role(
        region=region_a, actor=personas.admin_a, membership=membership, role=Role.LEADER
    )
    member_remove(region=region_a, actor=personas.admin_a, membership=membership)

    rows, _ = _read_on(admin, cursor)
    assert _seen(rows, "member") == [
        ("member", "created", membership.pk, "/api/v1/members/"),
        ("member", "updated", membership.pk, "/api/v1/members/"),
        ("member", "deleted", membership.pk, "/api/v1/members/"),
    ]
    assert rows[1]["changes"] == {"role": [Role.VERIFIER, Role.LEADER]}
    # The history page reads the roles by their names.
    page = client_for(personas.admin_a, region_a).get(reverse("history:list"))
    html = page.content.decode()
    assert '<span class="change-old">Verifikator</span>' in html
    assert '<span class="change-new">Pimpinan daerah</span>' in html
    # Verifiers do not read the members list: nor its changes.
    assert api_for(personas.verifier_a, region_a).get("/api/v1/members/").status_code == 403
    assert _seen(_read_on(api_for(personas.verifier_a, region_a))[0], "member") == []


def test_call_submissions_reach_the_calls_managers(personas, region_a, api_for):
    from tenants.calls import services
    from tests.calls.helpers import open_call, public_submission, seat_jurors

    call = open_call(region_a, personas.admin_a)
    submission = public_submission(region_a, call)
    seat_jurors(region_a, personas.admin_a, call)
    services.take_step(region=region_a, actor=personas.admin_a, call=call, step="judge")

    admin = api_for(personas.admin_a, region_a)
    listed = admin.get(f"/api/v1/calls/{call.pk}/submissions/").json()["results"]
    assert [row["id"] for row in listed] == [submission.pk]
    rows, _ = _read_on(admin)
    submissions = f"/api/v1/calls/{call.pk}/submissions/"
    assert _seen(rows, "call_submission") == [
        ("call_submission", "created", submission.pk, submissions),
        # Judging began: the submission entered its first stage.
        ("call_submission", "updated", submission.pk, submissions),
    ]
    assert _seen(_read_on(api_for(personas.verifier_a, region_a))[0], "call_submission") == []


def test_a_years_reporting_target_reaches_who_sets_it(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a)
    address = "/api/v1/reporting/targets/2026/"
    changed = admin.put(address, {"min_innovations_per_opd": 3, "note": "Rakor"}, format="json")
    assert changed.status_code == 200, changed.content
    rows, _ = _read_on(admin)
    assert [
        (row["operation"], row["subject_id"], row["resource"])
        for row in rows
        if row["subject"] == "reporting_target"
    ] == [("updated", 2026, address)]
    assert api_for(personas.leader_a, region_a).get(address).status_code == 403
    assert _seen(_read_on(api_for(personas.leader_a, region_a))[0], "reporting_target") == []


def test_deleting_an_opd_unit_tells_of_every_row_it_touches(personas, region_a, api_for):
    from tenants.ideas.services import idea_submit_public

    admin = api_for(personas.admin_a, region_a)
    unit = admin.post("/api/v1/opd-units/", {"name": "Dinas Pariwisata"}, format="json").json()
    posted = admin.post(
        f"/api/v1/discussions/opd-units/{unit['id']}/posts/", {"body": "Rapat"}, format="multipart"
    )
    assert posted.status_code == 201, posted.content
    with tenant_context(region_a):
        from tenants.organization.models import OpdUnit

        suggested = OpdUnit.objects.get(pk=unit["id"])
    idea = idea_submit_public(
        region=region_a,
        data={"title": "Wisata", "problem": "M", "proposal": "U", "proposer_name": "A"},
        suggested_opd=suggested,
    )
    _rows, cursor = _read_on(admin)

    assert admin.delete(f"/api/v1/opd-units/{unit['id']}/").status_code == 204
    rows, _ = _read_on(admin, cursor)
    assert sorted((row["subject"], row["operation"], row["subject_id"]) for row in rows) == [
        # The idea only forgets the unit it suggested (SET_NULL): it changed.
        ("idea", "updated", idea.pk),
        # Its discussion goes with it (on_delete CASCADE): a tombstone.
        ("opd_post", "deleted", posted.json()["id"]),
        ("opd_unit", "deleted", unit["id"]),
    ]
    idea_row = next(row for row in rows if row["subject"] == "idea")
    assert idea_row["changes"] == {"suggested_opd_id": [unit["id"], None]}


def test_evidence_kept_from_a_replication_credit_comes_and_goes_in_the_feed(
    personas, region_a, api_for
):
    from tenants.assessment.derived import (
        CopiedDocument,
        derived_evidence_add,
        derived_evidence_remove,
    )
    from tests.registry.helpers import answer_with_pdf, current_report, make_innovation

    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    report = current_report(region_a, innovation)
    answer = answer_with_pdf(region_a, personas.admin_a, report, "SID-16", 3)
    admin = api_for(personas.admin_a, region_a)
    rows, cursor = _read_on(admin)
    answered = next(row for row in rows if row["subject"] == "answer")
    assert answered["collection"] == f"/api/v1/reports/{report.pk}/answers/"
    assert answered["resource"] == f"/api/v1/answers/{answer.pk}/"

    content = pdf().read()
    copy = derived_evidence_add(
        region=region_a,
        answer=answer,
        document=CopiedDocument(
            source_id=77,
            name="replikasi.pdf",
            content_type="application/pdf",
            size=len(content),
            read=lambda: content,
            note="Direplikasi",
        ),
    )
    derived_evidence_remove(region=region_a, answer=answer, source_id=77)
    rows, _ = _read_on(admin, cursor)
    evidence = f"/api/v1/answers/{answer.pk}/evidence/"
    assert _seen(rows, "evidence") == [
        ("evidence", "created", copy.pk, evidence),
        ("evidence", "deleted", copy.pk, evidence),
    ]
