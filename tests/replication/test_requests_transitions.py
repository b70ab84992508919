"""The replication request state machine through its services: every legal and illegal step from
every state, who may take which step, what each step needs, concurrency, expiry, the credit and
the replica."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.errors import DuplicateError
from replication.catalog.models import CatalogEntry
from replication.requests.models import ReplicationRequest, RequestEvent, RequestStatus
from replication.requests.selectors import innovation_lineage
from replication.requests.services import (
    TransitionError,
    allowed_transitions,
    expire_overdue,
    request_create,
    request_transition,
)
from replication.requests.transitions import (
    COUNTERPART,
    EITHER,
    ORIGIN,
    REQUESTER,
    SYSTEM,
    TRANSITIONS,
)
from tenants.assessment.models import Answer
from tenants.innovations.models import Innovation
from tests.effects import apply_effects
from tests.registry.helpers import EXE_BYTES, pdf, png
from tests.replication.helpers import letter
from tests.replication.request_helpers import PATHS, network, step_input, visit_day

S = RequestStatus


@pytest.fixture
def net(personas, region_a, region_b):
    return network(personas, region_a, region_b)


# In PATHS the origin records the visit and the requester the agreement; the other confirms.
COUNTERPART_OF = {
    "confirm_visit": "requester",
    "return_visit": "requester",
    "confirm_agreement": "origin",
    "return_agreement": "origin",
}


def _side_for(name: str) -> str:
    side = TRANSITIONS[name].side
    if side == COUNTERPART:
        return COUNTERPART_OF[name]
    return {REQUESTER: "requester", ORIGIN: "origin", EITHER: "requester", SYSTEM: "system"}[side]


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_each_transition_from_each_state(net, status, name):
    request = net.request_in(status)
    events_before = request.events.count()
    legal = status in TRANSITIONS[name].sources
    if legal:
        moved = net.fire(request, name, _side_for(name))
        # One confirmation waits for the other side; every other step reaches its target.
        expected = S.IMPLEMENTATION if name == "confirm" else TRANSITIONS[name].target
        assert moved.status == expected
        assert request.events.count() == events_before + 1
    else:
        with pytest.raises(TransitionError):
            net.fire(request, name, _side_for(name))
        request.refresh_from_db()
        assert request.status == status
        assert request.events.count() == events_before


def test_every_state_is_reachable_and_closed_ones_allow_nothing(net):
    for status in (S.DECLINED, S.COMPLETED, S.CANCELLED, S.EXPIRED):
        assert not any(status in t.sources for t in TRANSITIONS.values())
    assert set(PATHS) == set(S.values)


@pytest.mark.parametrize(
    ("name", "status", "who", "allowed"),
    [
        ("accept", S.SUBMITTED, "origin_admin", True),
        ("accept", S.SUBMITTED, "requester_admin", False),
        ("accept", S.SUBMITTED, "origin_verifier", False),
        ("accept", S.SUBMITTED, "origin_leader", False),
        ("accept", S.SUBMITTED, "third_admin", False),
        ("accept", S.SUBMITTED, "platform_as_third", False),
        ("decline", S.SUBMITTED, "requester_admin", False),
        ("decline", S.SUBMITTED, "origin_admin", True),
        ("schedule_visit", S.ACCEPTED, "requester_admin", True),
        ("schedule_visit", S.ACCEPTED, "origin_admin", True),
        ("schedule_visit", S.ACCEPTED, "third_admin", False),
        ("complete_visit", S.VISIT_SCHEDULED, "requester_admin", True),
        ("complete_visit", S.VISIT_SCHEDULED, "origin_admin", True),
        # The origin recorded the visit: the requester confirms or returns it, not the origin.
        ("confirm_visit", S.VISIT_RECORDED, "origin_admin", False),
        ("confirm_visit", S.VISIT_RECORDED, "requester_admin", True),
        ("confirm_visit", S.VISIT_RECORDED, "third_admin", False),
        ("return_visit", S.VISIT_RECORDED, "origin_admin", False),
        ("return_visit", S.VISIT_RECORDED, "requester_admin", True),
        ("record_agreement", S.VISIT_DONE, "origin_admin", True),
        ("record_agreement", S.VISIT_DONE, "requester_admin", True),
        # The requester recorded the agreement: the origin confirms or returns it.
        ("confirm_agreement", S.AGREEMENT_RECORDED, "requester_admin", False),
        ("confirm_agreement", S.AGREEMENT_RECORDED, "origin_admin", True),
        ("confirm_agreement", S.AGREEMENT_RECORDED, "origin_verifier", False),
        ("confirm_agreement", S.AGREEMENT_RECORDED, "platform_as_third", False),
        ("return_agreement", S.AGREEMENT_RECORDED, "requester_admin", False),
        ("return_agreement", S.AGREEMENT_RECORDED, "origin_admin", True),
        ("start_implementation", S.AGREEMENT, "origin_admin", False),
        ("start_implementation", S.AGREEMENT, "requester_admin", True),
        ("confirm", S.IMPLEMENTATION, "origin_admin", True),
        ("confirm", S.IMPLEMENTATION, "requester_admin", True),
        ("cancel", S.ACCEPTED, "origin_admin", False),
        ("cancel", S.ACCEPTED, "requester_admin", True),
        ("cancel", S.SUBMITTED, "third_admin", False),
        ("expire", S.SUBMITTED, "origin_admin", False),
    ],
)
def test_who_may_take_which_step(net, personas, name, status, who, allowed):
    request = net.request_in(status)
    actor, region = {
        "origin_admin": (net.origin_admin, net.origin),
        "requester_admin": (net.requester_admin, net.requester),
        "origin_verifier": (personas.verifier_a, net.origin),
        "origin_leader": (personas.leader_a, net.origin),
        "third_admin": (net.third_admin, net.third),
        # Even a platform admin acts only for a region that is a party to the request.
        "platform_as_third": (personas.platform_admin, net.third),
    }[who]
    data, documents = step_input(name, opd_id=net.opd_requester.pk)
    fire = lambda: request_transition(  # noqa: E731
        name, request=request, actor=actor, region=region, data=data, documents=documents
    )
    if allowed:
        assert fire().status in (TRANSITIONS[name].target, S.IMPLEMENTATION)
        assert TRANSITIONS[name] in allowed_transitions(actor, region, request)
    else:
        with pytest.raises(PermissionDenied):
            fire()
        assert TRANSITIONS[name] not in allowed_transitions(actor, region, request)


def test_allowed_transitions_per_side(net):
    submitted = net.request_in(S.SUBMITTED)
    names = lambda user, region: {t.name for t in allowed_transitions(user, region, submitted)}  # noqa: E731
    assert names(net.origin_admin, net.origin) == {"accept", "decline"}
    assert names(net.requester_admin, net.requester) == {"cancel"}
    assert names(net.third_admin, net.third) == set()


def test_both_sides_confirm_once_each(net):
    request = net.request_in(S.IMPLEMENTATION)
    request = net.fire(request, "confirm", "requester")
    assert request.status == S.IMPLEMENTATION and request.requester_confirmed_at
    # Confirmed once: not again, but the requester may still cancel.
    assert {t.name for t in allowed_transitions(net.requester_admin, net.requester, request)} == {
        "cancel"
    }
    with pytest.raises(TransitionError, match="sudah mengonfirmasi"):
        net.fire(request, "confirm", "requester")
    request = net.fire(request, "confirm", "origin")
    assert request.status == S.COMPLETED and request.origin_confirmed_at


def test_a_region_cannot_request_its_own_innovation(net):
    entry = net.entry()
    with pytest.raises(ValidationError, match="inovasinya sendiri"):
        request_create(region=net.origin, actor=net.origin_admin, entry=entry, letter=letter())
    assert not ReplicationRequest.objects.exists()


def test_a_duplicate_open_request_is_refused_until_the_first_is_closed(net):
    entry = net.entry()
    first = net.request(entry)
    with pytest.raises(DuplicateError, match="masih berjalan"):
        net.request(entry)
    net.fire(first, "decline", "origin")
    again = net.request(entry)
    assert again.status == S.SUBMITTED
    assert ReplicationRequest.objects.filter(requester=net.requester).count() == 2


def test_only_admins_of_the_requesting_region_may_ask(net, personas):
    entry = net.entry()
    with pytest.raises(PermissionDenied):
        request_create(region=net.origin, actor=personas.verifier_a, entry=entry, letter=letter())
    with pytest.raises(PermissionDenied):
        request_create(region=net.requester, actor=net.origin_admin, entry=entry, letter=letter())


def test_the_letter_must_be_a_real_pdf(net):
    from django.core.files.uploadedfile import SimpleUploadedFile

    entry = net.entry()
    with pytest.raises(ValidationError) as error:
        request_create(region=net.requester, actor=net.requester_admin, entry=entry)
    assert "letter" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        request_create(region=net.requester, actor=net.requester_admin, entry=entry, letter=png())
    assert "PDF" in " ".join(error.value.message_dict["letter"])
    fake = SimpleUploadedFile("surat.pdf", EXE_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError):
        request_create(region=net.requester, actor=net.requester_admin, entry=entry, letter=fake)
    assert not ReplicationRequest.objects.exists()


def test_each_step_needs_its_fields(net):
    request = net.request_in(S.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        request_transition(
            "decline", request=request, actor=net.origin_admin, region=net.origin, data={}
        )
    assert set(error.value.message_dict) == {"note"}
    request = net.request_in(S.VISIT_SCHEDULED, entry=net.entry("INOVASI DUA"))
    with pytest.raises(ValidationError) as error:
        request_transition(
            "complete_visit",
            request=request,
            actor=net.origin_admin,
            region=net.origin,
            data={"visit_date": "bukan tanggal"},
            documents=[("visit_photo", pdf())],
        )
    assert set(error.value.message_dict) == {
        "visit_date",
        "visit_participants",
        "visit_minutes",
        "visit_photo",
    }
    request = net.fire(request, "complete_visit", "origin")
    request = net.fire(request, "confirm_visit", "requester")
    day = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        net.fire(
            request,
            "record_agreement",
            "requester",
            agreement_kind="kontrak",
            agreement_signed_on=day,
            agreement_valid_until=day - datetime.timedelta(days=1),
        )
    assert {"agreement_kind", "agreement_valid_until"} <= set(error.value.message_dict)
    request.refresh_from_db()
    assert request.status == S.VISIT_DONE and request.agreement_number == ""


@pytest.mark.parametrize(
    ("status", "step", "side", "field"),
    [
        (S.VISIT_SCHEDULED, "complete_visit", "origin", "visit_date"),
        (S.VISIT_DONE, "record_agreement", "requester", "agreement_signed_on"),
    ],
)
def test_a_recorded_visit_or_agreement_cannot_lie_in_the_future(net, status, step, side, field):
    request = net.request_in(status)
    with pytest.raises(ValidationError) as error:
        net.fire(request, step, side, **{field: timezone.localdate() + datetime.timedelta(days=3)})
    assert field in error.value.message_dict
    request.refresh_from_db()
    assert request.status == status


def test_a_step_stores_only_its_own_fields(net):
    request = net.request_in(S.SUBMITTED)
    request = request_transition(
        "accept",
        request=request,
        actor=net.origin_admin,
        region=net.origin,
        data={"agreement_number": "PALSU/1", "visit_participants": "siapa saja"},
    )
    assert request.status == S.ACCEPTED
    assert request.agreement_number == "" and request.visit_participants == ""


def test_every_step_is_audited_with_actor_region_note_data_and_documents(net):
    request = net.request_in(S.AGREEMENT)
    events = list(request.events.select_related("actor_region").order_by("pk"))
    assert [e.action for e in events] == [
        "submit",
        "accept",
        "schedule_visit",
        "complete_visit",
        "confirm_visit",
        "record_agreement",
        "confirm_agreement",
    ]
    assert [e.actor_region for e in events] == [
        net.requester,
        net.origin,
        net.requester,
        net.origin,
        net.requester,
        net.requester,
        net.origin,
    ]
    assert all(e.actor_name and e.at for e in events)
    # Every step here was taken by a person, who is named (not "sistem").
    assert [e.actor_id for e in events] == [
        net.requester_admin.pk,
        net.origin_admin.pk,
        net.requester_admin.pk,
        net.origin_admin.pk,
        net.requester_admin.pk,
        net.requester_admin.pk,
        net.origin_admin.pk,
    ]
    assert events[0].note == "Kami ingin mereplikasi inovasi ini."
    assert events[1].from_status == S.SUBMITTED and events[1].to_status == S.ACCEPTED
    visit = events[3]
    assert visit.data["visit_participants"].startswith("Bappeda")
    assert sorted(d.kind for d in visit.documents.all()) == ["visit_minutes", "visit_photo"]
    agreement, confirmation = events[5], events[6]
    assert agreement.data["agreement_number"] == "PKS/07/2026"
    assert "credited_level" not in agreement.data  # one side's record credits nothing
    assert [d.kind for d in agreement.documents.all()] == ["agreement"]
    assert confirmation.data["credited_level"] == 1
    assert confirmation.data["credit_year"] == visit_day().year
    assert [d.kind for d in events[0].documents.all()] == ["letter_of_interest"]


def test_expiry_after_the_configured_time(net):
    with override_settings(REPLICATION_REQUEST_EXPIRY_DAYS=3):
        request = net.request()
    assert request.expires_at - timezone.now() < datetime.timedelta(days=3, minutes=1)
    assert expire_overdue(now=timezone.now() + datetime.timedelta(days=2)) == 0
    answered = net.request_in(S.ACCEPTED, entry=net.entry("INOVASI DUA"))
    assert expire_overdue(now=timezone.now() + datetime.timedelta(days=31)) == 1
    request.refresh_from_db()
    answered.refresh_from_db()
    assert request.status == S.EXPIRED and answered.status == S.ACCEPTED
    event = request.events.order_by("-pk").first()
    assert event.action == "expire" and event.actor is None and event.actor_name == "sistem"
    assert expire_overdue(now=timezone.now() + datetime.timedelta(days=31)) == 0


def _credit(net, innovation_id: int) -> Answer:
    with tenant_context(net.origin):
        return Answer.objects.get(report__innovation_id=innovation_id, indicator_code="SID-31")


def _agreement_of(net, entry, region, admin):
    """Another region requests the same innovation and reaches its agreement: it records the
    visit and the agreement, the origin confirms both."""
    request = request_create(region=region, actor=admin, entry=entry, letter=letter())
    apply_effects()
    origin = (net.origin_admin, net.origin)
    for name, (actor, acting_for) in (
        ("accept", origin),
        ("schedule_visit", (admin, region)),
        ("complete_visit", (admin, region)),
        ("confirm_visit", origin),
        ("record_agreement", (admin, region)),
        ("confirm_agreement", origin),
    ):
        data, documents = step_input(name)
        request = request_transition(
            name,
            request=request,
            actor=actor,
            region=acting_for,
            data=data,
            documents=documents,
        )
    return request


def _agreement_of_the_third_region(net, entry):
    return _agreement_of(net, entry, net.third, net.third_admin)


def test_credit_counts_each_replicating_region_once(net):
    entry = net.entry()
    first = net.request_in(S.COMPLETED, entry=entry)
    assert first.credited_at is not None
    assert _credit(net, entry.innovation_id).level == 1
    # The same region cooperates again on the same innovation: still one region.
    net.request_in(S.AGREEMENT, entry=entry)
    credit = _credit(net, entry.innovation_id)
    assert credit.level == 1
    with tenant_context(net.origin):
        assert credit.evidence.filter(status="accepted").count() == 2
    # A second region raises it to level 2.
    third = _agreement_of_the_third_region(net, entry)
    assert third.status == S.AGREEMENT
    assert _credit(net, entry.innovation_id).level == 2
    apply_effects()
    entry.refresh_from_db()
    assert entry.replica_count == 2


def test_cancelling_after_the_agreement_takes_the_credit_back(net):
    entry = net.entry()
    request = net.request_in(S.AGREEMENT, entry=entry)
    assert _credit(net, entry.innovation_id).level == 1
    request = net.fire(request, "cancel", "requester")
    assert request.status == S.CANCELLED and request.credited_at is None
    credit = _credit(net, entry.innovation_id)
    assert credit.level is None
    with tenant_context(net.origin):
        assert not credit.evidence.exists()
    entry.refresh_from_db()
    assert entry.replica_count == 0


def test_the_replica_is_created_in_the_requesters_schema_linked_to_its_origin(net):
    entry = net.entry()
    request = net.request_in(S.IMPLEMENTATION, entry=entry)
    with tenant_context(net.requester):
        replica = Innovation.objects.get(pk=request.replica_innovation_id)
        assert replica.opd_id == net.opd_requester.pk
        assert replica.origin_region_code == net.origin.code
        assert replica.origin_public_id == entry.public_id
        assert replica.origin_name == "SEPEDA BARU"
        assert replica.goals == "Menurunkan angka kematian ibu."
    assert request.replica_name == replica.name
    with tenant_context(net.origin):
        assert not Innovation.objects.filter(origin_public_id=entry.public_id).exists()
    # Lineage, both ways.
    with tenant_context(net.requester):
        seen_from_replica = innovation_lineage(net.requester, replica)
    assert seen_from_replica.origin.name == "SEPEDA BARU"
    assert seen_from_replica.origin.region_name == net.origin.display_name
    assert seen_from_replica.origin.in_catalog and seen_from_replica.origin.request_id == request.pk
    with tenant_context(net.origin):
        origin = Innovation.objects.get(pk=entry.innovation_id)
        seen_from_origin = innovation_lineage(net.origin, origin)
    assert seen_from_origin.origin is None
    assert [(r.region_name, r.status) for r in seen_from_origin.replicas] == [
        (net.requester.display_name, S.IMPLEMENTATION)
    ]


def test_an_unknown_opd_creates_no_replica(net):
    request = net.request_in(S.AGREEMENT)
    with tenant_context(net.requester):
        before = Innovation.objects.count()
    with pytest.raises(ValidationError) as error:
        net.fire(request, "start_implementation", "requester", opd_id=987654)
    assert "opd_id" in error.value.message_dict
    with pytest.raises(ValidationError):
        net.fire(request, "start_implementation", "requester", opd_id="bukan-angka")
    with tenant_context(net.requester):
        assert Innovation.objects.count() == before
    request.refresh_from_db()
    assert request.status == S.AGREEMENT and request.replica_innovation_id is None


def test_two_admins_accepting_at_once_move_the_request_once(
    django_db_setup, django_db_blocker, monkeypatch
):
    """Two real database connections race to accept; the row lock lets exactly one win, and the
    other gets the clear message. The data is committed (each thread has its own connection)
    and removed afterwards."""
    import uuid

    from accounts.models import Role, User
    from pipeline.models import PendingEffect
    from replication.notifications.models import Notification
    from tests.conftest import REGION_A, REGION_B, assert_test_database, make_member, region_by_slug

    with django_db_blocker.unblock():
        assert_test_database()
        origin, requester = region_by_slug(REGION_A), region_by_slug(REGION_B)
        entry = None
        try:
            admins = [
                make_member(origin, Role.REGION_ADMIN, f"a{n}-race-repl@banjar.test")
                for n in range(2)
            ]
            asker = make_member(requester, Role.REGION_ADMIN, "b-race-repl@tanahbumbu.test")
            entry = CatalogEntry.objects.create(
                region=origin,
                province_id=origin.province_id,
                innovation_id=990_001,
                public_id=uuid.uuid4(),
                name="Inovasi Balapan Replikasi",
                opd_name="Dinas Uji",
                stage="implementation",
                form="public_service",
                affair="kesehatan",
                affair_name="Kesehatan",
                year=2026,
                published_at=timezone.now(),
            )
            request = request_create(region=requester, actor=asker, entry=entry, letter=letter())
            outcomes: list[str] = []
            messages: list[str] = []
            barrier = threading.Barrier(2)

            def accept(admin) -> None:
                try:
                    barrier.wait()
                    request_transition("accept", request=request, actor=admin, region=origin)
                    outcomes.append("ok")
                except TransitionError as exc:
                    outcomes.append("refused")
                    messages.append(exc.messages[0])
                finally:
                    connection.close()

            threads = [threading.Thread(target=accept, args=(admin,)) for admin in admins]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(outcomes) == ["ok", "refused"]
            assert "Muat ulang halaman" in messages[0] and "Diterima" in messages[0]
            request.refresh_from_db()
            assert request.status == S.ACCEPTED
            [accepted] = request.events.filter(action="accept")
            # One notification effect for the one accept that happened, none for the refusal.
            steps = PendingEffect.objects.filter(effect="notifications.request_step")
            assert steps.filter(target=str(accepted.pk)).count() == 1
            assert (
                steps.filter(
                    target__in=[str(pk) for pk in request.events.values_list("pk", flat=True)]
                ).count()
                == 2
            )  # the submit and the accept
        finally:
            PendingEffect.objects.filter(
                target__in=[
                    str(pk)
                    for pk in RequestEvent.objects.filter(
                        request__origin_innovation_id=990_001
                    ).values_list("pk", flat=True)
                ]
            ).delete()
            if entry is not None:
                for item in ReplicationRequest.objects.filter(entry=entry):
                    for document in item.documents.all():
                        document.file.delete(save=False)
                ReplicationRequest.objects.filter(origin_innovation_id=990_001).delete()
                entry.delete()
            Notification.objects.filter(user__email__contains="-race-repl@").delete()
            User.objects.filter(email__contains="-race-repl@").delete()


def test_a_written_commitment_is_an_agreement_kind(net):
    request = net.request_in(S.VISIT_DONE)
    recorded = net.fire(request, "record_agreement", "requester", agreement_kind="commitment")
    agreed = net.fire(recorded, "confirm_agreement", "origin")
    assert agreed.status == S.AGREEMENT
    assert agreed.get_agreement_kind_display() == "Surat komitmen replikasi"
    assert agreed.credited_at is not None  # a commitment credits like a PKS or MoU


def test_boundary_dates_are_accepted_a_visit_today_and_an_agreement_valid_for_its_day(net):
    today = timezone.localdate()
    request = net.request_in(S.VISIT_SCHEDULED)
    request = net.fire(request, "complete_visit", "origin", visit_date=today)
    assert request.status == S.VISIT_RECORDED
    request = net.fire(request, "confirm_visit", "requester")
    request = net.fire(
        request,
        "record_agreement",
        "requester",
        agreement_signed_on=today,
        agreement_valid_until=today,  # valid for the day it was signed: allowed
    )
    assert request.status == S.AGREEMENT_RECORDED
    assert net.fire(request, "confirm_agreement", "origin").status == S.AGREEMENT


def test_cancelling_once_implementation_started_takes_the_credit_back_too(net):
    entry = net.entry()
    request = net.request_in(S.IMPLEMENTATION, entry=entry)
    assert _credit(net, entry.innovation_id).level == 1
    request = net.fire(request, "cancel", "requester")
    assert request.status == S.CANCELLED and request.credited_at is None
    assert _credit(net, entry.innovation_id).level is None


def test_one_of_two_regions_cancelling_leaves_the_others_credit_and_evidence(net):
    entry = net.entry()
    kept = net.request_in(S.AGREEMENT, entry=entry)
    third = _agreement_of_the_third_region(net, entry)
    assert _credit(net, entry.innovation_id).level == 2
    net.fire(kept, "cancel", "requester")
    credit = _credit(net, entry.innovation_id)
    assert credit.level == 1  # the other region still replicates it
    with tenant_context(net.origin):
        left = list(credit.evidence.values_list("credit_source_id", "review_note"))
    assert len(left) == 1 and left[0][0] == third.pk
    assert left[0][1].startswith("Dokumen kesepakatan replikasi oleh Kabupaten Mandailing Natal")


def test_a_regions_open_request_is_its_own(net):
    from replication.requests.services import open_request_for

    entry = net.entry()
    theirs = request_create(region=net.third, actor=net.third_admin, entry=entry, letter=letter())
    assert open_request_for(net.requester, entry) is None  # another region's request
    assert open_request_for(net.third, entry) == theirs
    mine = net.request(entry)
    assert open_request_for(net.requester, entry) == mine
    net.fire(mine, "decline", "origin")
    assert open_request_for(net.requester, entry) is None  # closed: one may ask again
    assert open_request_for(net.requester, net.entry("INOVASI LAIN")) is None


def test_expiry_counts_every_request_it_expired_and_spares_paused_ones(net):
    from regions.models import Region

    first = net.request()
    second = net.request(net.entry("INOVASI DUA"))
    later = timezone.now() + datetime.timedelta(days=31)
    paused = request_create(
        region=net.third, actor=net.third_admin, entry=net.entry("INOVASI TIGA"), letter=letter()
    )
    Region.objects.filter(pk=net.third.pk).update(is_active=False)
    assert expire_overdue(now=later) == 2
    for request in (first, second):
        request.refresh_from_db()
        assert request.status == S.EXPIRED
    paused.refresh_from_db()
    assert paused.status == S.SUBMITTED  # its region is closed: it does not run out meanwhile
    Region.objects.filter(pk=net.third.pk).update(is_active=True)
    Region.objects.filter(pk=net.origin.pk).update(is_active=False)
    assert expire_overdue(now=later) == 0  # the origin is closed now
    Region.objects.filter(pk=net.origin.pk).update(is_active=True)
    assert expire_overdue(now=later) == 1


def test_what_a_form_sends_for_an_empty_or_odd_field_is_understood(net):
    request = net.request_in(S.VISIT_DONE)
    # An empty input arrives as "" (or blanks): a field the step needs is then missing.
    with pytest.raises(ValidationError) as error:
        net.fire(request, "record_agreement", "requester", agreement_number="   ")
    assert error.value.message_dict["agreement_number"] == ["Wajib diisi untuk langkah ini."]
    # A date that is not one says so; a date-time is taken as its date; text dates are read.
    with pytest.raises(ValidationError) as error:
        net.fire(request, "record_agreement", "requester", agreement_signed_on="kemarin")
    [message] = error.value.message_dict["agreement_signed_on"]
    assert "kemarin" in message
    signed = datetime.datetime.combine(visit_day(), datetime.time(10, 30))
    recorded = net.fire(
        request,
        "record_agreement",
        "requester",
        agreement_signed_on=signed,
        agreement_valid_until=str(visit_day() + datetime.timedelta(days=30)),
    )
    assert recorded.agreement_signed_on == visit_day()
    assert recorded.agreement_valid_until == visit_day() + datetime.timedelta(days=30)


def test_every_wrong_document_of_a_step_is_reported_at_once(net):
    """A kind the step does not take and a file of the wrong type, both named in one answer."""
    request = net.request_in(S.VISIT_SCHEDULED)
    data, _documents = step_input("complete_visit")
    with pytest.raises(ValidationError) as error:
        request_transition(
            "complete_visit",
            request=request,
            actor=net.origin_admin,
            region=net.origin,
            data=data,
            documents=[("agreement", pdf("pks.pdf")), ("visit_minutes", png("notulen.png"))],
        )
    assert {"agreement", "visit_minutes"} <= set(error.value.message_dict)
    request.refresh_from_db()
    assert request.status == S.VISIT_SCHEDULED and not request.documents.filter(
        kind="visit_minutes"
    )
