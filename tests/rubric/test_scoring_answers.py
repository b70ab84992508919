"""One answer scored, as the formula's worked examples do for the index: the chosen basis picks
its own thresholds, an unanswered indicator scores nothing, and each kind of evidence is
counted for what it is."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rubric.selectors import load_year_rubric
from tenants.assessment.models import EvidenceStatus
from tenants.scoring.compute import score_answer
from tenants.scoring.selectors import AnswerFacts

pytestmark = pytest.mark.django_db


def test_a_basis_answer_is_scored_with_that_basis_options():
    rubric = load_year_rubric(2026)
    expected = rubric.option("SID-33", "cakupan-unit", 3).score
    assert expected > 0
    facts = AnswerFacts(
        "SID-33", "cakupan-unit", 3, {EvidenceStatus.ACCEPTED: 1, EvidenceStatus.REJECTED: 2}
    )
    scored = score_answer(rubric, "SID-33", facts)
    assert (scored.basis, scored.level) == ("cakupan-unit", 3)
    assert scored.option_score == scored.score == expected
    assert (scored.accepted, scored.pending, scored.rejected) == (1, 0, 2)


def test_an_answer_without_evidence_or_unanswered_scores_nothing():
    rubric = load_year_rubric(2026)
    unanswered = score_answer(rubric, "SID-33", None)
    assert (unanswered.level, unanswered.basis, unanswered.score) == (None, "", Decimal(0))
    waiting = score_answer(
        rubric, "SID-33", AnswerFacts("SID-33", "jumlah-penerima", 2, {EvidenceStatus.PENDING: 1})
    )
    assert waiting.score == 0 and waiting.option_score > 0
    assert (waiting.accepted, waiting.pending, waiting.rejected) == (0, 1, 0)


def test_a_level_on_a_basis_the_years_rubric_lacks_scores_nothing_and_fails_nothing():
    """An answer carried over from a year whose rubric had another basis."""
    rubric = load_year_rubric(2026)
    stale = score_answer(rubric, "SID-33", AnswerFacts("SID-33", "dasar-lama", 2, {}))
    assert (stale.option_score, stale.score) == (Decimal(0), Decimal(0))
