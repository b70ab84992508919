"""Reads of calls for innovations. Call inside the region's schema."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from tenants.calls.models import (
    Call,
    CallStage,
    CallStatus,
    JuryMember,
    Objection,
    ObjectionStatus,
    StageKind,
    StageScore,
    Submission,
    SubmissionStatus,
)
from tenants.calls.ranking import Ranked, stage_ranking


def public_calls() -> QuerySet[Call]:
    """Calls visitors see: every call but the drafts, newest first."""
    return Call.objects.exclude(status=CallStatus.DRAFT).order_by("-opens_on", "-pk")


def managed_calls() -> QuerySet[Call]:
    return Call.objects.annotate(submission_count=Count("submissions")).order_by("-opens_on", "-pk")


def published_results(call: Call) -> list[Submission]:
    """The published ranking (titles, submitters' names and scores: what a jury announces)."""
    if call.status not in (CallStatus.PUBLISHED, CallStatus.CLOSED):
        return []
    return list(
        call.submissions.filter(
            status__in=[SubmissionStatus.WINNER, SubmissionStatus.RANKED]
        ).order_by("final_rank", "pk")
    )


def under_objection(call: Call) -> list[Submission]:
    """The submissions open to objections now (uji publik), for the call's public page."""
    stage = call.current_stage
    if (
        call.status != CallStatus.JUDGING
        or stage is None
        or stage.kind != StageKind.OBJECTION_PERIOD
    ):
        return []
    return list(call.submissions.filter(status=SubmissionStatus.ACTIVE).order_by("title"))


@dataclass(frozen=True)
class Receipt:
    receipt_number: str
    call_title: str
    status_label: str
    stage_name: str
    submitted_on: str


def receipt(number: str) -> Receipt | None:
    """What a receipt number may tell anyone: the call, the status and the stage. No names."""
    submission = (
        Submission.objects.filter(receipt_number=number.strip().upper())
        .select_related("call", "current_stage")
        .first()
    )
    if submission is None:
        return None
    return Receipt(
        receipt_number=submission.receipt_number,
        call_title=submission.call.title,
        status_label=str(submission.get_status_display()),
        stage_name=submission.current_stage.name if submission.current_stage else "",
        submitted_on=submission.created_at.date().isoformat(),
    )


def call_board(call: Call) -> dict[str, object]:
    """The managers' view of a call: its stages, rubric, jury, and the submissions with the
    current stage's ranking."""
    stage = call.current_stage
    submissions = list(call.submissions.select_related("opd", "current_stage").order_by("pk"))
    ranking: list[Ranked] = []
    if stage is not None and stage.kind == StageKind.REVIEW:
        ranking = stage_ranking(
            stage, [s for s in submissions if s.status == SubmissionStatus.ACTIVE]
        )
    return {
        "stages": list(call.stages.all()),
        "criteria": list(call.criteria.all()),
        "jury": list(
            call.jury.annotate(
                done=Count(
                    "scores",
                    filter=Q(scores__stage=stage, scores__total__isnull=False),
                )
            )
        ),
        "submissions": submissions,
        "ranking": ranking,
        "open_objections": Objection.objects.filter(
            submission__call=call, status=ObjectionStatus.OPEN
        ).count(),
    }


def submission_detail(submission: Submission) -> dict[str, object]:
    return {
        "attachments": list(submission.attachments.all()),
        "scores": list(
            StageScore.objects.filter(submission=submission)
            .select_related("stage", "juror")
            .order_by("stage__position", "juror__name")
        ),
        "objections": list(submission.objections.all()),
        "follow_ups": list(submission.follow_ups.all()),
    }


def juror_calls(user_id: int) -> QuerySet[JuryMember]:
    return (
        JuryMember.objects.filter(user_id=user_id)
        .exclude(call__status=CallStatus.DRAFT)
        .select_related("call__current_stage")
        .order_by("-call__opens_on")
    )


@dataclass(frozen=True)
class JurorRow:
    submission: Submission
    declared: StageScore | None


def juror_queue(seat: JuryMember) -> list[JurorRow]:
    """The submissions of the seat's call in its current review stage, with the juror's own
    declaration and scores."""
    call = seat.call
    stage: CallStage | None = call.current_stage
    if call.status != CallStatus.JUDGING or stage is None or stage.kind != StageKind.REVIEW:
        return []
    submissions = call.submissions.filter(
        status=SubmissionStatus.ACTIVE, current_stage=stage
    ).prefetch_related(
        Prefetch(
            "scores",
            queryset=StageScore.objects.filter(stage=stage, juror=seat),
            to_attr="mine",
        )
    )
    return [JurorRow(s, s.mine[0] if s.mine else None) for s in submissions.order_by("pk")]


def stage_score(submission: Submission, stage: CallStage) -> Decimal | None:
    rows = stage_ranking(stage, [submission])
    return rows[0].score if rows else None
