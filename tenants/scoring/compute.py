"""The region's estimated IID for a year, computed from its answers and the year's rubric data.

National rules applied here (the numbers come from rubric data, never from code):
- an indicator scores weight x level, and only with accepted evidence;
- an innovation counts only when its profile is complete (required fields, rancang bangun of at
  least 300 words), as the national application rejects the others;
- SID = sum of innovation scores / MAX(floor, n); the count score needs the basic-service gate."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import translation

from rubric.formula import ZERO, IndexResult, compute_index, indicator_score
from rubric.selectors import YearRubric
from tenants.assessment.models import EvidenceStatus
from tenants.innovations.validation import completeness_gaps
from tenants.scoring.selectors import AnswerFacts, ReportFacts, YearFacts


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """One indicator's answer as scored. Frozen: equal answers share one instance
    (score_innovations), and kept scores are shared between requests."""

    code: str
    level: int | None
    basis: str
    option_score: Decimal  # what the chosen level is worth with accepted evidence
    score: Decimal  # what it scores now
    accepted: int = 0
    pending: int = 0
    rejected: int = 0

    @property
    def has_evidence(self) -> bool:
        return self.accepted + self.pending > 0

    @property
    def awaits_acceptance(self) -> bool:
        """The chosen level would score, and scores nothing yet only because its evidence still
        waits for a verifier to accept it (evidence already accepted: the points count)."""
        return self.option_score > 0 and self.accepted == 0 and self.pending > 0


@dataclass
class InnovationScore:
    facts: ReportFacts
    indicators: dict[str, IndicatorScore]
    profile_gaps: dict[str, str]
    score: Decimal
    potential: Decimal  # score if every chosen level had accepted evidence
    # readiness' gaps of its indicators by (SID divisor, language), filled when first asked: an
    # innovation's score is reused while its data stand (_ScoreMemo), and its gaps with it.
    indicator_gaps: dict[tuple[int, str], list[Any]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def report(self):
        return self.facts.report

    @property
    def innovation(self):
        return self.facts.report.innovation

    @property
    def eligible(self) -> bool:
        return not self.profile_gaps

    @property
    def awaiting(self) -> list[IndicatorScore]:
        """Its indicators whose points wait for their evidence to be accepted."""
        return [item for item in self.indicators.values() if item.awaits_acceptance]

    @property
    def awaiting_evidence(self) -> int:
        """How many pieces of evidence those indicators wait on."""
        return sum(item.pending for item in self.awaiting)

    @property
    def awaiting_points(self) -> Decimal:
        """What the score gains once they are accepted."""
        return sum((item.option_score for item in self.awaiting), ZERO)

    @property
    def evidence_completeness(self) -> Decimal:
        """Share of the year's SID indicators answered with evidence that is not rejected."""
        total = len(self.indicators) or 1
        complete = sum(1 for item in self.indicators.values() if item.level and item.has_evidence)
        return (Decimal(complete) / total).quantize(Decimal("0.01"))


@dataclass
class RegionScore:
    rubric: YearRubric
    spd: dict[str, IndicatorScore]
    spd_score: Decimal
    innovations: list[InnovationScore]
    basic_services_covered: set[str]
    result: IndexResult
    potential: IndexResult
    by_report: dict[int, InnovationScore] = field(default_factory=dict)
    # readiness.readiness() of this score by language, filled when first asked.
    readiness_by_language: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def index_gain(self) -> Decimal:
        return self.potential.index - self.result.index


def score_answer(rubric: YearRubric, code: str, facts: AnswerFacts | None) -> IndicatorScore:
    if facts is None:
        return IndicatorScore(code, None, "", ZERO, ZERO)
    option = rubric.option(code, facts.basis, facts.level)
    option_score = option.score if option is not None else ZERO
    accepted = facts.evidence.get(EvidenceStatus.ACCEPTED, 0)
    return IndicatorScore(
        code,
        facts.level,
        facts.basis,
        option_score,
        indicator_score(option_score if option else None, evidence_accepted=accepted > 0),
        accepted,
        facts.evidence.get(EvidenceStatus.PENDING, 0),
        facts.evidence.get(EvidenceStatus.REJECTED, 0),
    )


def score_innovation(
    rubric: YearRubric,
    facts: ReportFacts,
    sid_codes: list[str],
    alike: dict[tuple[Any, ...], IndicatorScore],
) -> InnovationScore:
    """`sid_codes`: the year's SID indicator codes (score_innovations lists them once); `alike`:
    the indicator scores already worked out in this computation, by what they depend on."""
    answers = facts.answers
    indicators = {code: _score_alike(rubric, code, answers.get(code), alike) for code in sid_codes}
    return InnovationScore(
        facts,
        indicators,
        completeness_gaps(vars(facts.report.innovation)),
        sum((item.score for item in indicators.values()), ZERO),
        sum((item.option_score for item in indicators.values()), ZERO),
    )


def _score_alike(
    rubric: YearRubric,
    code: str,
    facts: AnswerFacts | None,
    alike: dict[tuple[Any, ...], IndicatorScore],
) -> IndicatorScore:
    """score_answer, worked out once per distinct answer: a region's 4,000 answers are a few
    dozen distinct (indicator, basis, level, evidence counts), and scoring each one anew was a
    sixth of a whole computation (issue #19)."""
    key = (code,) if facts is None else (code, facts.basis, facts.level, *facts.evidence.items())
    found = alike.get(key)
    if found is None:
        found = alike[key] = score_answer(rubric, code, facts)
    return found


def score_innovations(rubric: YearRubric, reports: list[ReportFacts]) -> list[InnovationScore]:
    """Each report's score, in their order, with the year's SID codes listed once."""
    sid_codes = [indicator.code for indicator in rubric.part("sid")]
    alike: dict[tuple[Any, ...], IndicatorScore] = {}
    return [score_innovation(rubric, report, sid_codes, alike) for report in reports]


def score_region(rubric: YearRubric, facts: YearFacts) -> RegionScore:
    return assemble_region(rubric, facts.region_answers, score_innovations(rubric, facts.reports))


def assemble_region(
    rubric: YearRubric, region_answers: dict[str, AnswerFacts], innovations: list[InnovationScore]
) -> RegionScore:
    """The region's score from its own answers (SPD) and its innovations' scores, each of which
    depends only on that innovation's data (so a kept one can be reused while they stand)."""
    spd = {
        indicator.code: score_answer(rubric, indicator.code, region_answers.get(indicator.code))
        for indicator in rubric.part("spd")
    }
    spd_score = sum((item.score for item in spd.values()), ZERO)
    eligible = [item for item in innovations if item.eligible]
    basic = rubric.basic_service_codes
    covered = {item.innovation.affair for item in eligible} & basic
    result = compute_index(
        rubric.params,
        spd_score=spd_score,
        innovation_scores=[item.score for item in eligible],
        basic_services_covered=len(covered),
    )
    potential = compute_index(
        rubric.params,
        spd_score=sum((item.option_score for item in spd.values()), ZERO),
        innovation_scores=[item.potential for item in innovations],
        basic_services_covered=max(len(covered), rubric.params.basic_service_gate or 0),
    )
    return RegionScore(
        rubric,
        spd,
        spd_score,
        innovations,
        covered,
        result,
        potential,
        {item.report.pk: item for item in innovations},
    )


@dataclass(frozen=True)
class _Kept:
    fingerprints: dict[int | None, str]  # selectors.report_fingerprints() it was computed from
    rubric: YearRubric
    score: RegionScore


class _ScoreMemo:
    """The last score computed in this process for each (region schema, year, language), kept
    with the fingerprint of each report it was computed from and the rubric (issue #19: the
    dashboard, the siap-kirim page, an innovation's page and every answered indicator showed the
    index computed afresh, 50-115 ms for 200 innovations). A request reads the fingerprints (one
    query) and reuses the score when nothing it was computed from has changed since, in any
    transaction, including the request's own. Otherwise only the reports whose fingerprint moved
    (an answer given, evidence accepted: usually one) are read and scored again, the others'
    scores are reused, and the region's figures are put together anew. The language is part of
    the key because the profile gaps are worded in it. At most `size` regions and years are
    kept, and at most `max_innovations` innovation scores across them (about 12 KiB each with
    their facts and gaps, measured: a bound on the memory, whatever the regions' sizes), least
    recently used dropped first; the newest is always kept. Scores are shared between requests and threads:
    callers never mutate them (their model instances come fully loaded, with the innovation and
    its OPD, so reading them runs no query and fills no cache)."""

    def __init__(self, size: int = 32, max_innovations: int | None = None) -> None:
        self.size = size
        self.max_innovations = max_innovations
        self._entries: OrderedDict[tuple[str, int, str], _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, year: int, rubric: YearRubric) -> RegionScore:
        from tenants.scoring.selectors import report_fingerprints, year_facts

        schema = connection.schema_name  # type: ignore[attr-defined]  # django-tenants
        key = (schema, year, translation.get_language() or "")
        fingerprints = report_fingerprints(year)
        with self._lock:
            kept = self._entries.get(key)
            if kept is not None and kept.rubric is rubric and kept.fingerprints == fingerprints:
                self._entries.move_to_end(key)
                return kept.score
        reusable: dict[int, InnovationScore] = {}
        if kept is not None and kept.rubric is rubric:
            reusable = {
                report_id: kept.score.by_report[report_id]
                for report_id, fingerprint in fingerprints.items()
                if report_id is not None
                and kept.fingerprints.get(report_id) == fingerprint
                and report_id in kept.score.by_report
            }
        # Computed outside the lock: two threads missing together both compute, which is
        # cheaper than making every reader wait behind one computation. The fingerprints were
        # read before the facts: a write committed in between makes a kept part newer than its
        # fingerprint, never older, and the next read finds the fingerprint moved and reads it
        # again.
        changed = [pk for pk in fingerprints if pk is not None and pk not in reusable]
        facts = year_facts(year, report_ids=changed)  # the region's own answers too
        fresh = {item.report.pk: item for item in score_innovations(rubric, facts.reports)}
        innovations = [
            found
            for report_id in fingerprints
            if report_id is not None
            and (found := reusable.get(report_id) or fresh.get(report_id)) is not None
        ]
        score = assemble_region(rubric, facts.region_answers, innovations)
        with self._lock:
            self._entries[key] = _Kept(fingerprints, rubric, score)
            self._entries.move_to_end(key)
            limit = self.max_innovations
            if limit is None:
                limit = settings.SCORE_MEMO_MAX_INNOVATIONS
            scores = sum(len(entry.score.innovations) for entry in self._entries.values())
            while len(self._entries) > 1 and (len(self._entries) > self.size or scores > limit):
                _key, dropped = self._entries.popitem(last=False)
                scores -= len(dropped.score.innovations)
        return score

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_MEMO = _ScoreMemo()


def region_score(year: int) -> RegionScore | None:
    """The region's score for `year` (None when there is no rubric for it), as its data stand in
    this transaction: reused from the last computation while nothing it depends on has changed
    (_ScoreMemo). In the region's schema."""
    from rubric.selectors import year_rubric

    rubric = year_rubric(year)
    if rubric is None:
        return None
    return _MEMO.get(year, rubric)


def verified_only(facts: YearFacts) -> YearFacts:
    """The same year with only its verified reports: what may be shown outside the region and
    its province (a draft must never move a public figure)."""
    from tenants.assessment.models import ReportStatus

    return replace(
        facts,
        reports=[item for item in facts.reports if item.report.status == ReportStatus.VERIFIED],
    )


def innovation_scores(year: int, report_ids: Iterable[int | None]) -> dict[int, InnovationScore]:
    """{report id: its score} for a few reports (one page of a list), in a fixed number of
    queries however long the page is: an innovation's score depends only on its own answers and
    evidence and the year's rubric, so only the page's own facts are read. In the region's
    schema."""
    from rubric.selectors import year_rubric
    from tenants.scoring.selectors import year_facts

    ids = sorted({pk for pk in report_ids if pk is not None})
    rubric = year_rubric(year) if ids else None
    if rubric is None:
        return {}
    facts = year_facts(year, report_ids=ids)
    return {item.report.pk: item for item in score_innovations(rubric, facts.reports)}
