"""The verification workflow: every legal move, every illegal one, and who may make it."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django_tenants.utils import tenant_context

from tenants.assessment.models import EvidenceStatus, ReportStatus
from tenants.assessment.workflow import TRANSITIONS, TransitionError, fire
from tenants.history.models import Change
from tests.registry.helpers import (
    answer_mandatory,
    answer_with_pdf,
    current_report,
    make_innovation,
)

S = ReportStatus


def _report_in(region, personas, status: str):
    innovation = make_innovation(region, personas.operator_a, personas.opd_a)
    report = current_report(region, innovation)
    answer_mandatory(region, report)  # so that verifying is legal where the table says so
    path = {
        S.DRAFT: [],
        S.SUBMITTED: [("submit", "operator_a")],
        S.RETURNED: [("submit", "operator_a"), ("return", "verifier_a")],
        S.VERIFIED: [("submit", "operator_a"), ("verify", "verifier_a")],
    }[status]
    for name, who in path:
        report = fire(
            name,
            region=region,
            actor=getattr(personas, who),
            report=report,
            notes=[("", "Lengkapi bukti")],
        )
    return report


ACTORS = {
    "submit": "operator_a",
    "return": "verifier_a",
    "verify": "verifier_a",
    "reopen": "verifier_a",
}


# The workflow as the national process has it, written out by hand (not read from TRANSITIONS,
# which is what is tested): (step, from) -> to. Every other pair is refused.
EXPECTED = {
    ("submit", "draft"): "submitted",
    ("submit", "returned"): "submitted",
    ("return", "submitted"): "returned",
    ("verify", "submitted"): "verified",
    ("reopen", "verified"): "returned",
}


def test_the_workflow_has_exactly_the_expected_steps():
    assert set(TRANSITIONS) == {name for name, _status in EXPECTED}
    assert {s.value for s in S} == {"draft", "submitted", "returned", "verified"}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_each_transition_from_each_state(personas, region_a, status, name):
    report = _report_in(region_a, personas, status)
    legal = (name, str(status)) in EXPECTED
    kwargs = {"notes": [("SID-16", "SK belum ditandatangani")], "reason": "Perbaikan data"}
    actor = getattr(personas, ACTORS[name])
    if legal:
        moved = fire(name, region=region_a, actor=actor, report=report, **kwargs)
        assert moved.status == EXPECTED[(name, str(status))]
    else:
        with pytest.raises(TransitionError):
            fire(name, region=region_a, actor=actor, report=report, **kwargs)
        with tenant_context(region_a):
            report.refresh_from_db()
        assert report.status == status


@pytest.mark.parametrize(
    ("name", "persona", "allowed"),
    [
        ("submit", "operator_a", True),
        ("submit", "admin_a", True),
        ("submit", "verifier_a", False),
        ("submit", "leader_a", False),
        ("verify", "verifier_a", True),
        ("verify", "admin_a", True),
        ("verify", "operator_a", False),
        ("verify", "leader_a", False),
        ("return", "operator_a", False),
    ],
)
def test_who_may_fire_what(personas, region_a, name, persona, allowed):
    report = _report_in(region_a, personas, S.DRAFT if name == "submit" else S.SUBMITTED)
    actor = getattr(personas, persona)
    if allowed:
        fire(name, region=region_a, actor=actor, report=report, notes=[("", "catatan")])
    else:
        with pytest.raises(PermissionDenied):
            fire(name, region=region_a, actor=actor, report=report, notes=[("", "catatan")])


def test_a_return_needs_a_note_and_keeps_it_per_target(personas, region_a):
    report = _report_in(region_a, personas, S.SUBMITTED)
    with pytest.raises(ValidationError):
        fire("return", region=region_a, actor=personas.verifier_a, report=report, notes=[])
    fire(
        "return",
        region=region_a,
        actor=personas.verifier_a,
        report=report,
        notes=[("design", "Rancang bangun kurang rinci"), ("SID-16", "SK kedaluwarsa")],
    )
    with tenant_context(region_a):
        notes = {note.target: note.message for note in report.notes.all()}
    assert notes == {"design": "Rancang bangun kurang rinci", "SID-16": "SK kedaluwarsa"}


def test_a_submitted_innovation_is_locked_for_its_opd(personas, region_a):
    from tenants.assessment.services import answer_set
    from tenants.innovations.services import innovation_update

    report = _report_in(region_a, personas, S.SUBMITTED)
    with pytest.raises(ValidationError):
        innovation_update(
            region=region_a,
            actor=personas.operator_a,
            innovation=report.innovation,
            data={"goals": "x"},
        )
    with pytest.raises(ValidationError):
        answer_set(
            region=region_a,
            actor=personas.operator_a,
            year=report.year,
            report=report,
            indicator_code="SID-16",
            level=1,
        )


def test_an_incomplete_profile_cannot_be_submitted(personas, region_a):
    innovation = make_innovation(
        region_a, personas.operator_a, personas.opd_a, design="Terlalu pendek."
    )
    report = current_report(region_a, innovation)
    with pytest.raises(ValidationError) as error:
        fire("submit", region=region_a, actor=personas.operator_a, report=report)
    assert "design" in error.value.message_dict


def test_verifying_accepts_pending_evidence_but_not_rejected(personas, region_a):
    from tenants.assessment.services import evidence_review

    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    report = current_report(region_a, innovation)
    kept = answer_with_pdf(region_a, personas.operator_a, report, "SID-16", 3)
    refused = answer_with_pdf(region_a, personas.operator_a, report, "SID-17", 2)
    fire("submit", region=region_a, actor=personas.operator_a, report=report)
    with tenant_context(region_a):
        bad = refused.evidence.get()
    evidence_review(
        region=region_a, actor=personas.verifier_a, evidence=bad, status="rejected", note="Buram"
    )
    answer_mandatory(region_a, report)
    fire("verify", region=region_a, actor=personas.verifier_a, report=report)
    with tenant_context(region_a):
        assert kept.evidence.get().status == EvidenceStatus.ACCEPTED
        assert refused.evidence.get().status == EvidenceStatus.REJECTED


def test_every_transition_is_in_the_history(personas, region_a):
    report = _report_in(region_a, personas, S.RETURNED)
    with tenant_context(region_a):
        actions = list(
            Change.objects.filter(innovation_id=report.innovation_id, subject="report")
            .order_by("pk")
            .values_list("action", "actor_name")
        )
    assert [action for action, _who in actions] == ["submit", "return"]
    assert all(who for _action, who in actions)


def test_two_verifiers_clicking_at_once_move_the_report_once(django_db_setup, django_db_blocker):
    """Two real database connections race to verify; the row lock lets exactly one win. The
    data is committed (each thread has its own connection) and removed afterwards."""
    from accounts.models import Role, User
    from tenants.innovations.models import Innovation
    from tests.conftest import REGION_A, assert_test_database, make_member, make_opd, region_by_slug

    with django_db_blocker.unblock():
        assert_test_database()
        region = region_by_slug(REGION_A)
        opd = make_opd(region, "Dinas Sosial Uji Balap")
        try:
            operator = make_member(region, Role.OPD_OPERATOR, "op-race@banjar.test", opd_id=opd.pk)
            verifiers = [
                make_member(region, Role.VERIFIER, f"v{n}-race@banjar.test") for n in range(2)
            ]
            innovation = make_innovation(region, operator, opd, name="Inovasi Balapan")
            report = current_report(region, innovation)
            fire("submit", region=region, actor=operator, report=report)
            answer_mandatory(region, report)
            outcomes: list[str] = []
            barrier = threading.Barrier(2)

            def verify(verifier) -> None:
                try:
                    barrier.wait()
                    fire("verify", region=region, actor=verifier, report=report)
                    outcomes.append("ok")
                except TransitionError:
                    outcomes.append("refused")
                finally:
                    connection.close()

            threads = [threading.Thread(target=verify, args=(v,)) for v in verifiers]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(outcomes) == ["ok", "refused"]
            with tenant_context(region):
                assert (
                    Change.objects.filter(innovation_id=innovation.pk, action="verify").count() == 1
                )
        finally:
            with tenant_context(region):
                ids = list(Innovation.objects.filter(opd=opd).values_list("pk", flat=True))
                Change.objects.filter(innovation_id__in=ids).delete()
                Innovation.objects.filter(pk__in=ids).delete()
                opd.delete()
            User.objects.filter(email__endswith="-race@banjar.test").delete()


def test_a_report_is_not_verified_while_mandatory_indicators_are_open(
    personas, region_a, client_for
):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    report = current_report(region_a, innovation)
    fire("submit", region=region_a, actor=personas.operator_a, report=report)
    with pytest.raises(ValidationError) as refused:
        fire("verify", region=region_a, actor=personas.verifier_a, report=report)
    message = " ".join(refused.value.messages)
    assert "SID-17" in message and "(wajib) belum dijawab" in message
    page = client_for(personas.verifier_a, region_a).get(f"/inovasi/{innovation.pk}/")
    text = page.content.decode()
    assert "Belum dapat diverifikasi:" in text and "SID-35" in text
    assert 'value="verify"' not in text  # no button that could only fail
    with tenant_context(region_a):
        report.refresh_from_db()
    assert report.status == S.SUBMITTED

    answer_mandatory(region_a, report)
    verified = fire("verify", region=region_a, actor=personas.verifier_a, report=report)
    assert verified.status == S.VERIFIED


def test_return_notes_are_marked_resolved_when_the_opd_submits_again(
    personas, region_a, client_for
):
    from tenants.assessment.models import ReviewNote

    report = _report_in(region_a, personas, S.RETURNED)  # returned with "Lengkapi bukti"
    url = f"/inovasi/{report.innovation_id}/"
    operator = client_for(personas.operator_a, region_a)
    assert "Lengkapi bukti" in operator.get(url).content.decode()
    fire("submit", region=region_a, actor=personas.operator_a, report=report)
    with tenant_context(region_a):
        note = ReviewNote.objects.get(report=report)
    assert note.resolved_at is not None  # kept, and marked
    page = operator.get(url).content.decode()
    assert "1 catatan verifikator sudah ditindaklanjuti" in page
    assert 'id="review-notes"' not in page  # no longer shown as open
