"""A juror's work on the current review stage of a call they sit on: first a conflict-of-interest
declaration per submission, then (only without a conflict) a score per criterion. A declaration
stands for the stage: a juror who declared a conflict never scores that submission there."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, require
from tenants.calls.models import (
    CallStatus,
    JuryMember,
    StageKind,
    StageScore,
    Submission,
    SubmissionStatus,
)
from tenants.calls.ranking import weighted_total

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


def _scorable(submission: Submission) -> None:
    call = submission.call
    stage = call.current_stage
    if (
        call.status != CallStatus.JUDGING
        or stage is None
        or stage.kind != StageKind.REVIEW
        or submission.status != SubmissionStatus.ACTIVE
        or submission.current_stage_id != stage.pk
    ):
        raise ValidationError(_("Usulan ini tidak sedang dinilai."))


def _seat(actor: User, region: Region, juror: JuryMember, submission: Submission) -> None:
    require(actor, Action.JUDGE_CALLS, region)
    if juror.user_id != actor.pk or juror.call_id != submission.call_id:
        raise ValidationError(_("Anda bukan juri sayembara ini."))


def declare(
    *,
    region: Region,
    actor: User,
    juror: JuryMember,
    submission: Submission,
    has_conflict: bool,
    note: str = "",
) -> StageScore:
    """The juror's conflict-of-interest declaration for this submission in the current stage."""
    _seat(actor, region, juror, submission)
    with tenant_context(region), transaction.atomic():
        submission = Submission.objects.select_related("call__current_stage").get(pk=submission.pk)
        _scorable(submission)
        stage = submission.call.current_stage
        assert stage is not None  # _scorable checked it
        if StageScore.objects.filter(submission=submission, stage=stage, juror=juror).exists():
            raise ValidationError(_("Anda sudah menyatakan ada atau tidaknya konflik kepentingan."))
        if has_conflict and not note.strip():
            raise ValidationError({"conflict_note": _("Jelaskan konflik kepentingannya.")})
        return StageScore.objects.create(
            submission=submission,
            stage=stage,
            juror=juror,
            has_conflict=has_conflict,
            conflict_note=note.strip()[:300],
        )


def score(
    *,
    region: Region,
    actor: User,
    juror: JuryMember,
    submission: Submission,
    scores: Mapping[str, object],
    note: str = "",
) -> StageScore:
    """Score every criterion (0 to its maximum); may be corrected until the stage moves on."""
    _seat(actor, region, juror, submission)
    with tenant_context(region), transaction.atomic():
        submission = Submission.objects.select_related("call__current_stage").get(pk=submission.pk)
        _scorable(submission)
        stage = submission.call.current_stage
        row = (
            StageScore.objects.select_for_update()
            .filter(submission=submission, stage=stage, juror=juror)
            .first()
        )
        if row is None:
            raise ValidationError(_("Nyatakan dulu ada atau tidaknya konflik kepentingan."))
        if row.has_conflict:
            raise ValidationError(
                _("Anda menyatakan konflik kepentingan atas usulan ini dan tidak dapat menilainya.")
            )
        criteria = list(submission.call.criteria.all())
        clean: dict[str, int] = {}
        errors: dict[str, str] = {}
        for criterion in criteria:
            raw = scores.get(str(criterion.pk))
            try:
                value = int(str(raw))
            except (TypeError, ValueError):
                errors[str(criterion.pk)] = _("Isi nilai %(name)s.") % {"name": criterion.name}
                continue
            if not 0 <= value <= criterion.max_score:
                errors[str(criterion.pk)] = _("Nilai %(name)s antara 0 dan %(max)s.") % {
                    "name": criterion.name,
                    "max": criterion.max_score,
                }
            clean[str(criterion.pk)] = value
        if errors:
            raise ValidationError(errors)
        row.scores = clean
        row.total = weighted_total(criteria, clean)
        row.note = note
        row.scored_at = timezone.now()
        row.save()
        return row
