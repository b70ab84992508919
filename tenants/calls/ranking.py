"""How scores become a ranking: one juror's total is the weighted average of their criterion
scores, each taken as a share of its maximum (0-100); a submission's stage score is the mean of
the totals of the jurors who scored it (jurors with a conflict of interest do not score). Call
inside the region's schema."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from tenants.calls.models import CallStage, ReviewCriterion, StageScore, Submission

TWO_PLACES = Decimal("0.01")


def weighted_total(criteria: Iterable[ReviewCriterion], scores: Mapping[str, object]) -> Decimal:
    """A juror's total for one submission, 0-100. Every criterion must be scored."""
    weighted = Decimal(0)
    weights = 0
    for criterion in criteria:
        score = Decimal(str(scores[str(criterion.pk)]))
        weighted += Decimal(criterion.weight) * score / Decimal(criterion.max_score)
        weights += criterion.weight
    if not weights:
        return Decimal(0)
    return (weighted * 100 / weights).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ranked:
    submission: Submission
    score: Decimal | None  # None: no juror scored it in this stage
    jurors: int


def stage_ranking(stage: CallStage, submissions: Iterable[Submission]) -> list[Ranked]:
    """The submissions ranked by their mean total in `stage`, best first; unscored ones last,
    then by order of arrival."""
    totals: dict[int, list[Decimal]] = {}
    for submission_id, total in StageScore.objects.filter(
        stage=stage, total__isnull=False
    ).values_list("submission_id", "total"):
        if total is not None:  # filtered above; the type of the column allows it
            totals.setdefault(submission_id, []).append(total)
    rows = []
    for submission in submissions:
        mine = totals.get(submission.pk, [])
        mean = (
            (sum(mine, Decimal(0)) / len(mine)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
            if mine
            else None
        )
        rows.append(Ranked(submission, mean, len(mine)))
    rows.sort(key=lambda row: (row.score is None, -(row.score or 0), row.submission.pk))
    return rows
