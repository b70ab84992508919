"""Credit both sides stand behind: the visit and the agreement are recorded by one region and
confirmed (or returned) by the other; the origin is credited only from the confirmed agreement,
in the report of the agreement's year while that year is open, and one agreement may cover both
directions between two regions. The expected machine is written out here by hand."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import Role
from regions.models import Region
from replication.requests.models import ReplicationRequest, RequestStatus
from replication.requests.selectors import innovation_lineage
from replication.requests.services import allowed_transitions, request_transition
from replication.requests.transitions import TRANSITIONS
from rubric.years import current_year
from tenants.assessment.models import Answer
from tenants.history.models import Change
from tenants.innovations.models import Innovation
from tests.conftest import make_member, region_by_slug
from tests.effects import apply_effects
from tests.replication.request_helpers import network, visit_day
from tests.replication.test_requests_transitions import _agreement_of, _credit

S = RequestStatus


@pytest.fixture
def net(personas, region_a, region_b):
    return network(personas, region_a, region_b)


# Every step as the replication process has it: (from, to, who). Written out, not read from the
# table under test. "counterpart": the side that did not record what awaits confirmation.
OPEN = {
    "submitted",
    "accepted",
    "visit_scheduled",
    "visit_recorded",
    "visit_done",
    "agreement_recorded",
    "agreement",
    "implementation",
}
EXPECTED = {
    "accept": ({"submitted"}, "accepted", "origin"),
    "decline": ({"submitted"}, "declined", "origin"),
    "schedule_visit": ({"accepted"}, "visit_scheduled", "either"),
    "complete_visit": ({"visit_scheduled"}, "visit_recorded", "either"),
    "confirm_visit": ({"visit_recorded"}, "visit_done", "counterpart"),
    "return_visit": ({"visit_recorded"}, "visit_scheduled", "counterpart"),
    "record_agreement": ({"visit_done"}, "agreement_recorded", "either"),
    "confirm_agreement": ({"agreement_recorded"}, "agreement", "counterpart"),
    "return_agreement": ({"agreement_recorded"}, "visit_done", "counterpart"),
    "start_implementation": ({"agreement"}, "implementation", "requester"),
    "confirm": ({"implementation"}, "completed", "either"),
    "cancel": (OPEN, "cancelled", "requester"),
    "expire": ({"submitted"}, "expired", "system"),
}


def test_the_state_machine_is_the_one_written_out_by_hand():
    assert set(TRANSITIONS) == set(EXPECTED)
    for name, (sources, target, side) in EXPECTED.items():
        transition = TRANSITIONS[name]
        assert (set(transition.sources), transition.target, transition.side) == (
            sources,
            target,
            side,
        ), name
    assert {name for name, t in TRANSITIONS.items() if t.awaits_counterpart} == {
        "complete_visit",
        "record_agreement",
    }
    # The states no step leaves are exactly the closed ones, and every status is reachable.
    assert TRANSITIONS.final_states() == {"declined", "completed", "cancelled", "expired"}
    assert TRANSITIONS.states() == OPEN | TRANSITIONS.final_states()


def test_the_recording_side_waits_for_the_other_to_confirm_the_visit(net):
    request = net.request_in(S.VISIT_SCHEDULED)
    request = net.fire(request, "complete_visit", "requester")
    assert request.status == S.VISIT_RECORDED and request.recorded_by == "requester"
    steps = lambda side: {t.name for t in allowed_transitions(*net.party(side), request)}  # noqa: E731
    assert steps("requester") == {"cancel"}
    assert steps("origin") == {"confirm_visit", "return_visit"}
    with pytest.raises(PermissionDenied):
        net.fire(request, "confirm_visit", "requester")
    request = net.fire(request, "confirm_visit", "origin")
    assert request.status == S.VISIT_DONE and request.recorded_by == ""


def test_a_returned_record_goes_back_with_its_note_and_stays_in_the_history(net):
    request = net.request_in(S.VISIT_RECORDED)
    returned = net.fire(request, "return_visit", "requester")
    assert returned.status == S.VISIT_SCHEDULED and returned.visit_participants == ""
    assert returned.events.order_by("-pk").first().note == "Daftar peserta belum lengkap."
    with pytest.raises(ValidationError) as error:  # returning needs the reason
        net.fire(
            net.request_in(S.VISIT_RECORDED, entry=net.entry("DUA")),
            "return_visit",
            "requester",
            note="",
        )
    assert "note" in error.value.message_dict

    agreement = net.request_in(S.AGREEMENT_RECORDED, entry=net.entry("TIGA"))
    returned = net.fire(agreement, "return_agreement", "origin")
    assert returned.status == S.VISIT_DONE
    assert (returned.agreement_number, returned.agreement_signed_on) == ("", None)
    recorded = returned.events.get(action="record_agreement")
    assert recorded.data["agreement_number"] == "PKS/07/2026"  # the disputed record is kept
    assert returned.credited_at is None and returned.credit_year is None


def test_no_credit_until_the_other_side_confirms_the_agreement(net):
    entry = net.entry()
    request = net.request_in(S.AGREEMENT_RECORDED, entry=entry)
    with tenant_context(net.origin):
        assert not Answer.objects.filter(indicator_code="SID-31").exists()
    assert request.credited_at is None
    apply_effects()
    entry.refresh_from_db()
    assert entry.replica_count == 0
    with pytest.raises(PermissionDenied):  # the recorder cannot confirm its own record
        net.fire(request, "confirm_agreement", "requester")
    request = net.fire(request, "confirm_agreement", "origin")
    assert request.status == S.AGREEMENT and request.credit_year == visit_day().year
    credit = _credit(net, entry.innovation_id)
    assert credit.level == 1 and credit.year == visit_day().year
    with tenant_context(net.origin):
        assert credit.evidence.filter(status="accepted").count() == 1


def test_a_backdated_agreement_is_shown_but_not_counted(net, client):
    entry = net.entry()
    request = net.request_in(S.VISIT_DONE, entry=entry)
    request = net.fire(
        request,
        "record_agreement",
        "requester",
        agreement_signed_on=datetime.date(2019, 3, 1),
        agreement_valid_until=datetime.date(2022, 3, 1),
    )
    request = net.fire(request, "confirm_agreement", "origin")
    assert request.status == S.AGREEMENT
    assert request.credit_year is None and request.credited_at is None
    with tenant_context(net.origin):
        # Neither this year's report nor any other received it.
        assert not Answer.objects.filter(indicator_code="SID-31").exists()
    assert request.events.order_by("-pk").first().data["credit_not_counted"] == 2019
    apply_effects()
    entry.refresh_from_db()
    assert entry.replica_count == 1  # shown in the catalog as a replication
    with tenant_context(net.origin):
        lineage = innovation_lineage(net.origin, Innovation.objects.get(pk=entry.innovation_id))
    assert [(row.region_name, row.credit_year) for row in lineage.replicas] == [
        (net.requester.display_name, None)
    ]
    client.force_login(net.origin_admin)
    page = client.get(
        reverse("requests:detail", args=[request.pk], urlconf="lumbung.urls_region"),
        HTTP_HOST=f"{net.origin.slug}.localhost",
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "tidak dihitung" in text and "2019" in text


def _requester_entry(net, name="KAMPUNG KB PESISIR"):
    from tests.replication.helpers import published_entry

    return published_entry(net.requester, net.requester_admin, net.opd_requester, name=name)


def test_one_agreement_covers_both_directions_and_credits_both_origins(net):
    entry = net.entry()
    theirs = _requester_entry(net)
    request = net.request_in(S.VISIT_DONE, entry=entry)
    request = net.fire(request, "record_agreement", "requester", reverse_entry=theirs.pk)
    # Nothing the other way before the origin confirms.
    assert not ReplicationRequest.objects.filter(requester=net.origin).exists()
    request = net.fire(request, "confirm_agreement", "origin")
    # The timeline says which innovation the agreement covers the other way, at the step that
    # named it and only there.
    steps = {event.action: event.data for event in request.events.all()}
    assert steps["record_agreement"]["reverse_innovation"] == theirs.name
    assert "reverse_innovation" not in steps["confirm_agreement"]
    other = ReplicationRequest.objects.get(requester=net.origin, origin=net.requester)
    assert other.status == S.AGREEMENT and other.agreement_request_id == request.pk
    assert other.origin_innovation_id == theirs.innovation_id
    assert other.agreement_number == request.agreement_number
    assert other.credit_year == request.credit_year == visit_day().year
    assert _credit(net, entry.innovation_id).level == 1
    with tenant_context(net.requester):
        back = Answer.objects.get(
            report__innovation_id=theirs.innovation_id, indicator_code="SID-31"
        )
        assert back.level == 1
        # The one signed document is the evidence of both directions.
        [evidence] = back.evidence.all()
        assert evidence.original_name == "pks.pdf" and evidence.status == "accepted"
    assert other.agreement_document() == request.agreement_document()
    # Each direction goes on by itself: cancelling one leaves the other credited.
    net.fire(request, "cancel", "requester")
    assert _credit(net, entry.innovation_id).level is None
    with tenant_context(net.requester):
        assert Answer.objects.get(pk=back.pk).level == 1


def test_a_two_way_agreement_moves_an_open_request_the_other_way(net):
    from replication.requests.services import request_create
    from tests.replication.helpers import letter

    entry = net.entry()
    theirs = _requester_entry(net)
    waiting = request_create(
        region=net.origin, actor=net.origin_admin, entry=theirs, letter=letter()
    )
    request = net.request_in(S.VISIT_DONE, entry=entry)
    request = net.fire(request, "record_agreement", "requester", reverse_entry=theirs.pk)
    net.fire(request, "confirm_agreement", "origin")
    waiting.refresh_from_db()
    assert waiting.status == S.AGREEMENT and waiting.agreement_request_id == request.pk
    assert ReplicationRequest.objects.filter(requester=net.origin).count() == 1
    assert [e.action for e in waiting.events.order_by("pk")] == ["submit", "shared_agreement"]
    moved = waiting.events.get(action="shared_agreement")
    assert (moved.from_status, moved.to_status) == (S.SUBMITTED, S.AGREEMENT)


def test_the_other_direction_must_be_the_requesters_own_published_innovation(net):
    entry = net.entry()
    not_theirs = net.entry("INOVASI LAIN BANJAR")  # the origin's own entry
    request = net.request_in(S.VISIT_DONE, entry=entry)
    for wrong in (not_theirs.pk, 999_999, "bukan-angka"):
        with pytest.raises(ValidationError) as error:
            net.fire(request, "record_agreement", "requester", reverse_entry=wrong)
        assert "reverse_entry" in error.value.message_dict
    request.refresh_from_db()
    assert request.status == S.VISIT_DONE


def test_credit_caps_at_the_top_level_with_more_regions_than_levels(net, personas):
    entry = net.entry()
    net.request_in(S.AGREEMENT, entry=entry)
    _agreement_of(net, entry, net.third, net.third_admin)
    province = region_by_slug("provinsi-kalimantan-selatan")
    _agreement_of(
        net, entry, province, make_member(province, Role.REGION_ADMIN, "admin@kalsel.test")
    )
    assert _credit(net, entry.innovation_id).level == 3
    Region.objects.filter(slug="balangan").update(is_active=True)
    balangan = region_by_slug("balangan")
    fourth = _agreement_of(
        net, entry, balangan, make_member(balangan, Role.REGION_ADMIN, "admin@balangan.test")
    )
    credit = _credit(net, entry.innovation_id)
    assert credit.level == 3  # four regions, three levels
    assert fourth.events.order_by("-pk").first().data["replicating_regions"] == 4
    with tenant_context(net.origin):
        assert credit.evidence.count() == 4
    assert credit.year == current_year()


def test_the_other_direction_copies_the_visit_and_agreement_and_tells_both_regions(net):
    from pipeline.models import PendingEffect

    entry = net.entry()
    theirs = _requester_entry(net)
    request = net.request_in(S.VISIT_DONE, entry=entry)
    request = net.fire(request, "record_agreement", "requester", reverse_entry=theirs.pk)
    request = net.fire(request, "confirm_agreement", "origin")
    other = ReplicationRequest.objects.get(requester=net.origin, origin=net.requester)
    copied = (
        "visit_date",
        "visit_participants",
        "agreement_kind",
        "agreement_number",
        "agreement_signed_on",
        "agreement_valid_until",
    )
    assert [getattr(other, key) for key in copied] == [getattr(request, key) for key in copied]
    assert other.entry_id == theirs.pk and other.origin_public_id == theirs.public_id
    assert other.innovation_name == theirs.name
    assert other.created_by == net.origin_admin and other.recorded_by == ""
    assert other.reverse_entry_id is None  # it does not cover a third direction
    [event] = other.events.all()
    assert (event.action, event.from_status, event.to_status) == (
        "shared_agreement",
        "",
        S.AGREEMENT,
    )
    assert event.actor == net.origin_admin and event.actor_region == net.origin
    assert event.data["agreement_number"] == request.agreement_number
    assert event.data["agreement_valid_until"] == request.agreement_valid_until.isoformat()
    assert event.data["agreement_signed_on"] == request.agreement_signed_on.isoformat()
    assert event.data["credited_level"] == 1
    assert PendingEffect.objects.filter(
        effect="notifications.request_step", target=str(event.pk)
    ).exists()


def test_a_two_way_agreement_leaves_every_other_request_alone(net):
    from replication.requests.services import request_create
    from tests.replication.helpers import letter

    entry = net.entry()
    theirs = _requester_entry(net)
    another = _requester_entry(net, name="POSYANDU PESISIR")
    # A third region asks for the same innovation; the origin asks for another one of theirs.
    third = request_create(region=net.third, actor=net.third_admin, entry=theirs, letter=letter())
    elsewhere = request_create(
        region=net.origin, actor=net.origin_admin, entry=another, letter=letter()
    )
    request = net.request_in(S.VISIT_DONE, entry=entry)
    request = net.fire(request, "record_agreement", "requester", reverse_entry=theirs.pk)
    net.fire(request, "confirm_agreement", "origin")
    for untouched in (third, elsewhere):
        untouched.refresh_from_db()
        assert untouched.status == S.SUBMITTED and untouched.agreement_request_id is None
    assert ReplicationRequest.objects.filter(
        requester=net.origin, origin_innovation_id=theirs.innovation_id, status=S.AGREEMENT
    ).exists()


def _walk(request, steps):
    from replication.requests.services import request_transition
    from tests.replication.request_helpers import step_input

    for name, (actor, region) in steps:
        data, documents = step_input(name)
        request = request_transition(
            name, request=request, actor=actor, region=region, data=data, documents=documents
        )
    return request


def _the_origin_asks_for(net, theirs):
    from replication.requests.services import request_create
    from tests.replication.helpers import letter

    return request_create(region=net.origin, actor=net.origin_admin, entry=theirs, letter=letter())


def test_the_other_direction_agreed_on_its_own_is_neither_chosen_nor_moved(net):
    me, them = (net.origin_admin, net.origin), (net.requester_admin, net.requester)
    to_agreement = [
        ("accept", them),
        ("schedule_visit", me),
        ("complete_visit", me),
        ("confirm_visit", them),
        ("record_agreement", me),
        ("confirm_agreement", them),
    ]
    entry = net.entry()
    theirs = _requester_entry(net)
    # Already agreed the other way: it cannot be chosen.
    _walk(_the_origin_asks_for(net, theirs), to_agreement)
    request = net.request_in(S.VISIT_DONE, entry=entry)
    with pytest.raises(ValidationError) as error:
        net.fire(request, "record_agreement", "requester", reverse_entry=theirs.pk)
    assert "sudah memiliki kesepakatan sendiri" in error.value.message_dict["reverse_entry"][0]
    # Chosen while still open, then agreed on its own before the confirmation: left alone.
    second = _requester_entry(net, name="POSYANDU PESISIR")
    waiting = _walk(_the_origin_asks_for(net, second), to_agreement[:4])
    request = net.fire(request, "record_agreement", "requester", reverse_entry=second.pk)
    waiting = _walk(waiting, to_agreement[4:])
    net.fire(request, "confirm_agreement", "origin")
    waiting.refresh_from_db()
    assert waiting.status == S.AGREEMENT and waiting.agreement_request_id is None
    assert waiting.events.filter(action="shared_agreement").count() == 0


def _same_innovation_id_elsewhere(net, entry, region):
    """A catalog entry of `region` whose innovation has the same row id as `entry`'s (ids are
    per schema, so two regions' innovations can share one)."""
    import uuid

    from replication.catalog.models import CatalogEntry

    return CatalogEntry.objects.create(
        region=region,
        province_id=region.province_id,
        innovation_id=entry.innovation_id,
        public_id=uuid.uuid4(),
        name="INOVASI KEMBAR ID",
        opd_name="Dinas Uji",
        stage="implementation",
        form="public_service",
        affair="kesehatan",
        affair_name="Kesehatan",
        year=entry.year,
        published_at=timezone.now(),
    )


def test_requests_are_told_apart_by_region_and_innovation_not_by_row_id_alone(net):
    from replication.requests.services import open_request_for, request_create
    from tests.replication.helpers import letter

    entry = net.entry()
    twin = _same_innovation_id_elsewhere(net, entry, net.third)
    other = request_create(
        region=net.requester, actor=net.requester_admin, entry=twin, letter=letter()
    )
    assert open_request_for(net.requester, entry) is None  # that one is for the third region's
    mine = net.request(entry)
    assert open_request_for(net.requester, entry) == mine
    assert open_request_for(net.requester, twin) == other
    assert open_request_for(net.requester, net.entry("INOVASI LAIN")) is None


def test_the_other_direction_is_found_by_both_regions_and_the_innovation(net):
    from replication.requests.services import request_create
    from tests.replication.helpers import letter

    entry = net.entry()
    theirs = _requester_entry(net)
    # The origin asks a third region for an innovation whose row id equals `theirs`'s.
    twin = _same_innovation_id_elsewhere(net, theirs, net.third)
    elsewhere = request_create(
        region=net.origin, actor=net.origin_admin, entry=twin, letter=letter()
    )
    request = net.request_in(S.VISIT_DONE, entry=entry)
    request = net.fire(request, "record_agreement", "requester", reverse_entry=theirs.pk)
    net.fire(request, "confirm_agreement", "origin")
    elsewhere.refresh_from_db()
    assert elsewhere.status == S.SUBMITTED and elsewhere.agreement_request_id is None
    other = ReplicationRequest.objects.get(requester=net.origin, origin=net.requester)
    assert other.status == S.AGREEMENT


def test_the_count_is_of_this_origins_innovation_only(net):
    entry = net.entry()
    # A credited cooperation on another region's innovation that has the same row id.
    twin = _same_innovation_id_elsewhere(net, entry, net.third)
    other = ReplicationRequest.objects.create(
        requester=region_by_slug("provinsi-kalimantan-selatan"),
        origin=net.third,
        entry=twin,
        origin_innovation_id=twin.innovation_id,
        origin_public_id=twin.public_id,
        innovation_name=twin.name,
        status=S.AGREEMENT,
        credit_year=visit_day().year,
    )
    assert other.pk
    net.request_in(S.AGREEMENT, entry=entry)
    assert _credit(net, entry.innovation_id).level == 1


def test_the_credit_scores_in_the_origins_report_with_its_evidence_kept_once(net):
    from replication.requests.credit import credit_origin
    from rubric.selectors import year_rubric
    from tenants.scoring.compute import score_region
    from tenants.scoring.selectors import year_facts

    entry = net.entry()
    request = net.request_in(S.AGREEMENT, entry=entry)
    year = request.credit_year
    with tenant_context(net.origin):
        score = score_region(year_rubric(year), year_facts(year))
        [item] = [i for i in score.innovations if i.innovation.pk == entry.innovation_id]
        # SID-31 weighs 3: level 1 with accepted evidence scores 3.
        assert item.indicators["SID-31"].score == 3
    # Applying the same credit again adds nothing.
    credit_origin(request, request.events.order_by("-pk").first())
    credit = _credit(net, entry.innovation_id)
    with tenant_context(net.origin):
        [copy] = credit.evidence.all()
        assert copy.content_type == "application/pdf" and copy.reviewed_at is not None
        assert copy.original_name == "pks.pdf" and copy.status == "accepted"
        assert copy.size == request.agreement_document().size > 0
        assert copy.file.read().startswith(b"%PDF")
        history = Change.objects.filter(action="replication_credited", subject_id=credit.pk)
        assert [c.changes["level"] for c in history.order_by("pk")] == [[None, 1], [1, 1]]
        assert {(c.innovation_id, c.year, c.actor_id) for c in history} == {
            (entry.innovation_id, year, None)
        }
        assert "Kredit replikasi dari Kabupaten Tanah Bumbu" in history.first().summary


def test_a_withdrawn_credit_removes_its_copy_from_storage(net, django_capture_on_commit_callbacks):
    entry = net.entry()
    request = net.request_in(S.AGREEMENT, entry=entry)
    credit = _credit(net, entry.innovation_id)
    with tenant_context(net.origin):
        copy = credit.evidence.get()
        storage, name = copy.file.storage, copy.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        net.fire(request, "cancel", "requester")
    assert not storage.exists(name)
    with tenant_context(net.origin):
        [withdrawn] = Change.objects.filter(action="replication_withdrawn", subject_id=credit.pk)
    assert withdrawn.changes["level"] == [1, None]


def test_a_step_records_only_its_own_fields_that_were_filled_in(net):
    request = net.request_in(S.VISIT_DONE)
    # An optional term left blank is not recorded as an empty or "None" value.
    request = net.fire(request, "record_agreement", "requester", agreement_valid_until="")
    recorded = request.events.get(action="record_agreement")
    assert set(recorded.data) == {"agreement_kind", "agreement_number", "agreement_signed_on"}
    assert all(value not in ("", "None") for value in recorded.data.values())
    request = net.fire(request, "confirm_agreement", "origin")
    request = net.fire(request, "start_implementation", "requester")
    # The OPD chosen for the replica is not a term of the step: only the replica's name is kept.
    started = request.events.get(action="start_implementation")
    assert started.data == {"replica_name": request.replica_name} and request.replica_name


def test_the_replica_is_created_by_the_admin_who_started_the_implementation(net):
    request = net.request_in(S.AGREEMENT)
    request = net.fire(request, "start_implementation", "requester")
    with tenant_context(net.requester):
        replica = Innovation.objects.get(pk=request.replica_innovation_id)
        assert replica.created_by_id == net.requester_admin.pk
        created = Change.objects.get(innovation_id=replica.pk, action="created")
        assert created.actor_id == net.requester_admin.pk


def test_a_copy_whose_row_cannot_be_written_leaves_no_file_behind(net, monkeypatch):
    from django.db import DatabaseError

    from tenants.assessment.derived import CopiedDocument, derived_evidence_add
    from tenants.assessment.models import Evidence

    entry = net.entry()
    net.request_in(S.AGREEMENT, entry=entry)
    credit = _credit(net, entry.innovation_id)
    written = []

    def failing_save(self, *args, **kwargs):
        written.append(self.file.name)  # the file is stored before the row
        raise DatabaseError("disk full")

    monkeypatch.setattr(Evidence, "save", failing_save)
    document = CopiedDocument(
        source_id=987654,
        name="pks.pdf",
        content_type="application/pdf",
        size=8,
        read=lambda: b"%PDF-1.4",
        note="copy",
    )
    with pytest.raises(DatabaseError):
        derived_evidence_add(region=net.origin, answer=credit, document=document)
    [name] = written
    assert name and not Evidence.file.field.storage.exists(name)


def test_each_innovation_and_year_counts_its_own_replications(net):
    first, second = net.entry(), net.entry("INOVASI KEDUA")
    net.request_in(S.AGREEMENT, entry=first)
    _agreement_of(net, second, net.third, net.third_admin)
    assert _credit(net, first.innovation_id).level == 1
    assert _credit(net, second.innovation_id).level == 1
    # A cooperation counted in another year does not raise this year's level.
    earlier = _agreement_of(net, first, net.third, net.third_admin)
    assert _credit(net, first.innovation_id).level == 2
    ReplicationRequest.objects.filter(pk=earlier.pk).update(credit_year=2023)
    province = region_by_slug("provinsi-kalimantan-selatan")
    _agreement_of(
        net, first, province, make_member(province, Role.REGION_ADMIN, "admin@kalsel.test")
    )
    assert _credit(net, first.innovation_id).level == 2  # Tanah Bumbu and the province


def test_no_credit_when_the_origin_innovation_is_gone(net):
    entry = net.entry()
    request = net.request_in(S.AGREEMENT_RECORDED, entry=entry)
    with tenant_context(net.origin):
        Innovation.objects.filter(pk=entry.innovation_id).delete()
    request = net.fire(request, "confirm_agreement", "origin")
    assert request.status == S.AGREEMENT
    assert request.credit_year is None and request.credited_at is None


def test_nothing_is_derived_for_a_year_without_a_rubric(net):
    from tenants.assessment.derived import derived_level_set
    from tenants.assessment.models import Answer

    entry = net.entry()
    result = derived_level_set(
        region=net.origin,
        innovation_id=entry.innovation_id,
        year=2019,
        source="replications",
        count=lambda: 1,
        note=lambda n: "",
        summary=lambda n: "",
        action="replication_credited",
    )
    assert result is None
    with tenant_context(net.origin):
        assert not Answer.objects.filter(year=2019).exists()


def test_no_credit_where_the_years_rubric_does_not_fill_the_indicator_from_the_platform(net):
    """A year whose rubric has indicators but none filled from replications: the agreement is
    reached, nothing is scored and nothing fails."""
    from rubric.models import Indicator

    Indicator.objects.filter(rubric__year=current_year(), derived_from="replications").update(
        derived_from=""
    )
    entry = net.entry()
    request = net.request_in(S.AGREEMENT, entry=entry)
    assert request.status == S.AGREEMENT
    with tenant_context(net.origin):
        assert not Answer.objects.filter(
            report__innovation_id=entry.innovation_id, indicator_code="SID-31"
        ).exists()


def test_the_documents_of_a_step_name_who_uploaded_them(net):
    request = net.request_in(S.VISIT_SCHEDULED)
    request = net.fire(request, "complete_visit", "requester")
    documents = list(request.documents.filter(kind__in=["visit_minutes", "visit_photo"]))
    assert len(documents) == 2
    assert {document.uploaded_by_id for document in documents} == {net.requester_admin.pk}


def test_a_request_names_who_made_it_and_keeps_an_empty_message_empty(net):
    from replication.requests.services import request_create
    from tests.replication.helpers import letter

    request = request_create(
        region=net.requester, actor=net.requester_admin, entry=net.entry(), letter=letter()
    )
    assert request.created_by_id == net.requester_admin.pk
    assert request.message == ""
    first = request.events.order_by("pk").first()
    assert (first.action, first.from_status, first.to_status) == ("submit", "", S.SUBMITTED)
    letter_document = request.documents.get(kind="letter_of_interest")
    assert letter_document.uploaded_by_id == net.requester_admin.pk


def test_a_documents_long_file_name_is_cut_to_the_column_keeping_its_extension(net):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.registry.helpers import PDF_BYTES

    request = net.request_in(S.VISIT_SCHEDULED)
    long_name = "notulen-" + "kunjungan-kerja-" * 20 + ".pdf"  # 300+ characters
    request = request_transition(
        "complete_visit",
        request=request,
        actor=net.requester_admin,
        region=net.requester,
        data={"visit_date": visit_day(), "visit_participants": "Bappeda Banjar"},
        documents=[("visit_minutes", SimpleUploadedFile(long_name, PDF_BYTES))],
    )
    document = request.documents.get(kind="visit_minutes")
    # Cut to the column's 255 characters, keeping the extension a person recognises.
    assert len(document.original_name) == 255 and document.original_name.endswith(".pdf")
    assert document.original_name.startswith("notulen-kunjungan-kerja-")


def test_a_step_that_fails_after_its_documents_were_stored_leaves_no_file(net, monkeypatch):
    from replication.requests import services

    request = net.request_in(S.VISIT_SCHEDULED)
    stored_before = {doc.file.name for doc in request.documents.all()}
    written: list[str] = []
    real_attach = services._attach

    def attach_then_fail(request, event, actor, documents, stored):
        real_attach(request, event, actor, documents, stored)
        written.extend(stored)
        raise RuntimeError("the notification could not be recorded")

    monkeypatch.setattr(services, "_attach", attach_then_fail)
    with pytest.raises(RuntimeError):
        net.fire(request, "complete_visit", "requester")
    storage = request.documents.model.file.field.storage
    assert written and not any(storage.exists(name) for name in written)
    assert {doc.file.name for doc in request.documents.all()} == stored_before
