"""A call from draft to published result: stages and rubric from the data files, the jury's
conflict-of-interest declarations and scores, the ranking that decides who passes, the
objection period, and a winner turned into a draft innovation crediting its submitters."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from accounts.models import Role
from tenants.calls import judging, services, vocabulary
from tenants.calls.models import (
    Call,
    CallStatus,
    JuryMember,
    Objection,
    StageKind,
    Submission,
    SubmissionStatus,
)
from tenants.calls.submissions import objection_file
from tests.calls.helpers import call_data, open_call, public_submission, seat_jurors
from tests.conftest import make_member


def _call(region, pk):
    with tenant_context(region):
        return Call.objects.select_related("current_stage").get(pk=pk)


def _submission(region, pk):
    with tenant_context(region):
        return Submission.objects.select_related("call__current_stage", "opd").get(pk=pk)


def _score_all(region, call, jurors, marks: dict[int, int]):
    """Every juror declares no conflict and gives each submission `marks[pk]` on every
    criterion."""
    call = _call(region, call.pk)
    with tenant_context(region):
        criteria = list(call.criteria.all())
        seats = {seat.user_id: seat for seat in JuryMember.objects.filter(call=call)}
    for user in jurors:
        for pk, mark in marks.items():
            submission = _submission(region, pk)
            judging.declare(
                region=region,
                actor=user,
                juror=seats[user.pk],
                submission=submission,
                has_conflict=False,
            )
            judging.score(
                region=region,
                actor=user,
                juror=seats[user.pk],
                submission=submission,
                scores={str(c.pk): mark for c in criteria},
            )


def test_a_new_call_gets_the_stages_and_rubric_of_the_data_files(personas, region_a):
    call = services.call_create(region=region_a, actor=personas.admin_a, data=call_data())
    template = vocabulary.default_template()
    with tenant_context(region_a):
        stages = list(call.stages.values_list("name", "kind"))
        criteria = list(call.criteria.values_list("name", "weight", "max_score"))
    assert stages == [(s.name, s.kind) for s in template.stages]
    assert [kind for _name, kind in stages] == [
        StageKind.REVIEW,
        StageKind.REVIEW,
        StageKind.REVIEW,
        StageKind.OBJECTION_PERIOD,
        StageKind.DECISION,
    ]
    assert criteria == [(c.name, c.weight, c.max_score) for c in template.criteria]
    assert call.status == CallStatus.DRAFT


def test_only_call_managers_create_calls_and_categories_come_from_the_vocabulary(
    personas, region_a
):
    with pytest.raises(PermissionDenied):
        services.call_create(region=region_a, actor=personas.verifier_a, data=call_data())
    with pytest.raises(ValidationError):
        services.call_create(
            region=region_a, actor=personas.admin_a, data=call_data(categories=["astrology"])
        )


def test_a_juror_must_be_a_member_who_may_judge(personas, region_a):
    call = open_call(region_a, personas.admin_a)
    with pytest.raises(ValidationError):  # an OPD operator does not judge
        services.jury_add(
            region=region_a,
            actor=personas.admin_a,
            call=call,
            user=personas.operator_a,
            affiliation_kind="government",
        )
    # Bappeda's own verifier may sit on the jury for the government.
    services.jury_add(
        region=region_a,
        actor=personas.admin_a,
        call=call,
        user=personas.verifier_a,
        affiliation_kind="government",
    )


def test_a_juror_declares_conflicts_before_scoring_and_a_conflict_bars_scoring(personas, region_a):
    call = open_call(region_a, personas.admin_a)
    first = public_submission(region_a, call, "Lumbung pangan desa")
    jurors = seat_jurors(region_a, personas.admin_a, call, count=2)
    services.take_step(region=region_a, actor=personas.admin_a, call=call, step="judge")
    with tenant_context(region_a):
        seats = {s.user_id: s for s in JuryMember.objects.filter(call=call)}
        criteria = list(call.criteria.all())
    submission = _submission(region_a, first.pk)
    full = {str(c.pk): c.max_score for c in criteria}

    with pytest.raises(ValidationError, match="konflik"):
        judging.score(
            region=region_a,
            actor=jurors[0],
            juror=seats[jurors[0].pk],
            submission=submission,
            scores=full,
        )
    with pytest.raises(ValidationError):  # a conflict needs an explanation
        judging.declare(
            region=region_a,
            actor=jurors[0],
            juror=seats[jurors[0].pk],
            submission=submission,
            has_conflict=True,
        )
    judging.declare(
        region=region_a,
        actor=jurors[0],
        juror=seats[jurors[0].pk],
        submission=submission,
        has_conflict=True,
        note="Pengusul adalah adik saya.",
    )
    with pytest.raises(ValidationError, match="konflik kepentingan"):
        judging.score(
            region=region_a,
            actor=jurors[0],
            juror=seats[jurors[0].pk],
            submission=submission,
            scores=full,
        )
    # One juror cannot act on another's seat.
    with pytest.raises(ValidationError):
        judging.declare(
            region=region_a,
            actor=jurors[1],
            juror=seats[jurors[0].pk],
            submission=submission,
            has_conflict=False,
        )
    judging.declare(
        region=region_a,
        actor=jurors[1],
        juror=seats[jurors[1].pk],
        submission=submission,
        has_conflict=False,
    )
    with pytest.raises(ValidationError):  # above the criterion's maximum
        judging.score(
            region=region_a,
            actor=jurors[1],
            juror=seats[jurors[1].pk],
            submission=submission,
            scores={key: value + 1 for key, value in full.items()},
        )
    weights = {str(c.pk): c.weight for c in criteria}
    # Half marks on the heaviest criterion, full marks elsewhere: the weighted average.
    heaviest = max(weights, key=lambda key: weights[key])
    row = judging.score(
        region=region_a,
        actor=jurors[1],
        juror=seats[jurors[1].pk],
        submission=submission,
        scores=full | {heaviest: full[heaviest] // 2},
    )
    expected = Decimal(100) - Decimal(50 * weights[heaviest]) / sum(weights.values())
    assert row.total == expected.quantize(Decimal("0.01"))


def test_a_call_runs_through_its_stages_to_a_published_result_and_a_draft_innovation(
    personas, region_a
):
    from tenants.history.models import Change
    from tenants.innovations.models import Initiator, Innovation

    admin = personas.admin_a
    call = open_call(region_a, admin)
    subs = [
        public_submission(region_a, call, title)
        for title in ("Lumbung pangan desa", "Posyandu digital", "Sekolah lapang", "Bank sampah")
    ]
    jurors = seat_jurors(region_a, admin, call, count=3)
    services.take_step(region=region_a, actor=admin, call=call, step="judge")
    call = _call(region_a, call.pk)
    assert call.current_stage.name == "Seleksi administrasi"

    # Seleksi administrasi: the best three pass.
    _score_all(
        region_a, call, jurors, {subs[0].pk: 90, subs[1].pk: 80, subs[2].pk: 70, subs[3].pk: 10}
    )
    services.take_step(region=region_a, actor=admin, call=call, step="advance", keep=3)
    assert _submission(region_a, subs[3].pk).status == SubmissionStatus.ELIMINATED
    call = _call(region_a, call.pk)
    assert call.current_stage.name == "Presentasi dan tanya jawab"
    # Jurors cannot score an eliminated submission or a past stage.
    with tenant_context(region_a):
        seat = JuryMember.objects.get(call=call, user_id=jurors[0].pk)
    with pytest.raises(ValidationError):
        judging.declare(
            region=region_a,
            actor=jurors[0],
            juror=seat,
            submission=_submission(region_a, subs[3].pk),
            has_conflict=False,
        )

    # Presentasi, peninjauan lapangan: all pass, the last scores decide the ranking.
    _score_all(region_a, call, jurors, {subs[0].pk: 60, subs[1].pk: 95, subs[2].pk: 70})
    services.take_step(region=region_a, actor=admin, call=call, step="advance")
    _score_all(region_a, call, jurors, {subs[0].pk: 60, subs[1].pk: 95, subs[2].pk: 75})
    services.take_step(region=region_a, actor=admin, call=call, step="advance")
    call = _call(region_a, call.pk)
    assert call.current_stage.kind == StageKind.OBJECTION_PERIOD

    # Uji publik: a claim of non-originality, upheld, disqualifies.
    objection = objection_file(
        region=region_a,
        submission=_submission(region_a, subs[2].pk),
        data={
            "claimant_name": "Warga",
            "claimant_contact": "warga@contoh.test",
            "reason": "Sudah diterapkan di desa tetangga sejak 2019.",
        },
    )
    with pytest.raises(ValidationError):  # decide every objection first
        services.take_step(region=region_a, actor=admin, call=call, step="advance")
    services.objection_decide(region=region_a, actor=admin, objection=objection, uphold=True)
    disqualified = _submission(region_a, subs[2].pk)
    assert disqualified.status == SubmissionStatus.DISQUALIFIED
    assert "desa tetangga" in disqualified.disqualified_reason
    services.take_step(region=region_a, actor=admin, call=call, step="advance")

    # Penetapan pemenang: publish one winner.
    services.take_step(region=region_a, actor=admin, call=call, step="publish", winners=1)
    winner = _submission(region_a, subs[1].pk)
    runner_up = _submission(region_a, subs[0].pk)
    assert (winner.status, winner.final_rank) == (SubmissionStatus.WINNER, 1)
    assert (runner_up.status, runner_up.final_rank) == (SubmissionStatus.RANKED, 2)
    assert _call(region_a, call.pk).status == CallStatus.PUBLISHED

    # A community submission has no OPD: the admin names the OPD that takes it on.
    with pytest.raises(ValidationError):
        services.accept_submission(region=region_a, actor=admin, submission=winner)
    with pytest.raises(ValidationError):  # only winners
        services.accept_submission(
            region=region_a, actor=admin, submission=runner_up, opd=personas.opd_a
        )
    innovation = services.accept_submission(
        region=region_a, actor=admin, submission=winner, opd=personas.opd_a
    )
    again = services.accept_submission(
        region=region_a, actor=admin, submission=_submission(region_a, winner.pk)
    )
    assert again.pk == innovation.pk
    with tenant_context(region_a):
        stored = Innovation.objects.get(pk=innovation.pk)
        history = list(
            Change.objects.filter(innovation_id=innovation.pk).values_list("action", "summary")
        )
        assert stored.reports.get().status == "draft"
    assert stored.opd_id == personas.opd_a.pk
    assert stored.initiator == Initiator.COMMUNITY
    assert stored.initiator_name == "Siti Aminah, Budi, Rina"
    assert "created" in [action for action, _summary in history]
    credit = next(summary for action, summary in history if action == "created_from_call")
    assert "Siti Aminah, Budi, Rina" in credit and winner.receipt_number in credit

    # Follow-up steps.
    services.follow_up_save(
        region=region_a, actor=admin, submission=winner, kind="hki", status="in_progress"
    )
    services.follow_up_save(
        region=region_a, actor=admin, submission=winner, kind="hki", status="done", note="EC00"
    )
    with tenant_context(region_a):
        assert list(winner.follow_ups.values_list("kind", "status")) == [("hki", "done")]


def test_judging_needs_a_jury_and_results_wait_for_the_decision_stage(personas, region_a):
    admin = personas.admin_a
    call = open_call(region_a, admin)
    with pytest.raises(ValidationError):
        services.take_step(region=region_a, actor=admin, call=call, step="judge")
    seat_jurors(region_a, admin, call, count=1)
    services.take_step(region=region_a, actor=admin, call=call, step="judge")
    with pytest.raises(ValidationError):
        services.take_step(region=region_a, actor=admin, call=call, step="publish")
    with pytest.raises(ValidationError):  # not from judging
        services.take_step(region=region_a, actor=admin, call=call, step="open")


def test_objections_are_only_taken_during_the_objection_period(personas, region_a):
    call = open_call(region_a, personas.admin_a)
    submission = public_submission(region_a, call)
    with pytest.raises(ValidationError):
        objection_file(
            region=region_a,
            submission=_submission(region_a, submission.pk),
            data={"claimant_name": "X", "claimant_contact": "x@y.test", "reason": "Tiruan"},
        )
    with tenant_context(region_a):
        assert not Objection.objects.exists()


def test_a_member_of_the_jury_role_without_a_seat_judges_nothing(personas, region_a):
    call = open_call(region_a, personas.admin_a)
    public_submission(region_a, call)
    jurors = seat_jurors(region_a, personas.admin_a, call, count=1)
    services.take_step(region=region_a, actor=personas.admin_a, call=call, step="judge")
    other = make_member(region_a, Role.JURY, "juri-lain@banjar.test")
    with tenant_context(region_a):
        seat = JuryMember.objects.get(call=call, user_id=jurors[0].pk)
        submission = Submission.objects.select_related("call__current_stage").get(call=call)
    with pytest.raises(ValidationError):
        judging.declare(
            region=region_a, actor=other, juror=seat, submission=submission, has_conflict=False
        )
