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
from tests.registry.helpers import answer_with_pdf, current_report, make_innovation

S = ReportStatus


def _report_in(region, personas, status: str):
    innovation = make_innovation(region, personas.operator_a, personas.opd_a)
    report = current_report(region, innovation)
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


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_each_transition_from_each_state(personas, region_a, status, name):
    report = _report_in(region_a, personas, status)
    legal = status in TRANSITIONS[name].sources
    kwargs = {"notes": [("SID-16", "SK belum ditandatangani")], "reason": "Perbaikan data"}
    actor = getattr(personas, ACTORS[name])
    if legal:
        moved = fire(name, region=region_a, actor=actor, report=report, **kwargs)
        assert moved.status == TRANSITIONS[name].target
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
