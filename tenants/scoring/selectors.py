"""Everything the region's score for one year depends on, read in a fixed number of queries
(whatever the number of innovations). Call inside the region's schema."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q

from tenants.assessment.models import Answer, EvidenceStatus, Report


# Slotted: a kept region score holds some 4,000 of these per region and language (issue #19).
@dataclass(slots=True)
class AnswerFacts:
    indicator_code: str
    basis: str
    level: int | None
    evidence: dict[str, int] = field(default_factory=dict)  # status -> count


@dataclass(slots=True)
class ReportFacts:
    report: Report
    answers: dict[str, AnswerFacts] = field(default_factory=dict)


@dataclass
class YearFacts:
    year: int
    reports: list[ReportFacts]
    region_answers: dict[str, AnswerFacts]


def year_facts(year: int, *, report_ids: list[int] | None = None) -> YearFacts:
    reports = Report.objects.filter(year=year).select_related("innovation__opd")
    answers = Answer.objects.filter(year=year)
    if report_ids is not None:
        reports = reports.filter(pk__in=report_ids)
        answers = answers.filter(Q(report_id__in=report_ids) | Q(report__isnull=True))
    by_report: dict[int, ReportFacts] = {
        # The order of report_fingerprints(): a score put together from kept parts and fresh
        # ones lists its innovations as one computed whole would.
        report.pk: ReportFacts(report)
        for report in reports.order_by("innovation__name", "pk")
    }
    region_answers: dict[str, AnswerFacts] = {}
    # Each answer with its evidence counted by status, in one grouped query read as tuples: a
    # region with 200 innovations has some 4,000 answers, and building a dict per row (and a
    # second query for the counts) was most of the index's time (issue #19).
    rows = (
        answers.values_list("pk", "report_id", "indicator_code", "basis", "level")
        .annotate(
            **{
                status: Count("evidence", filter=Q(evidence__status=status))
                for status in EvidenceStatus.values
            }
        )
        .order_by()
    )
    # Executed as compiled, past the ORM's per-row conversion (a third of the query's time for
    # 4,000 rows; these columns of plain integers and text need none).
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    statuses = EvidenceStatus.values
    # Answers with the same evidence counts share one (never changed) dict: there are a few
    # distinct ones among thousands of answers.
    evidence_by_counts: dict[tuple[int, ...], dict[str, int]] = {}
    for _pk, report_id, code, basis, level, *counts in fetched:
        # One string object per distinct code and basis, not one per row: they are kept.
        code, basis = sys.intern(code), sys.intern(basis)
        key = tuple(counts)
        evidence = evidence_by_counts.get(key)
        if evidence is None:
            evidence = evidence_by_counts[key] = {
                status: n for status, n in zip(statuses, counts, strict=True) if n
            }
        facts = AnswerFacts(code, basis, level, evidence)
        if report_id is None:
            region_answers[code] = facts
        elif report_id in by_report:
            by_report[report_id].answers[code] = facts
    return YearFacts(year, list(by_report.values()), region_answers)


# Per report of the year, everything its score is computed from: its own row, its innovation's
# and OPD's, and the row count and hash sum of its answers and their evidence (as
# _FINGERPRINT_SQL, per report); the region's own answers (SPD) under a null report first.
_REPORT_FINGERPRINTS_SQL = """
WITH answers AS (
    SELECT report_id, count(*) AS n, sum(hashtextextended(ctid::text || xmin::text, 0)) AS h
    FROM assessment_answer WHERE year = %(year)s GROUP BY report_id
), evidence AS (
    SELECT a.report_id, count(*) AS n,
           sum(hashtextextended(e.ctid::text || e.xmin::text, 0)) AS h
    FROM assessment_evidence e JOIN assessment_answer a ON a.id = e.answer_id
    WHERE a.year = %(year)s GROUP BY a.report_id
)
SELECT NULL::bigint, NULL::text, concat_ws('/', an.n, an.h, ev.n, ev.h)
FROM (SELECT 1) AS one
LEFT JOIN answers an ON an.report_id IS NULL
LEFT JOIN evidence ev ON ev.report_id IS NULL
UNION ALL
SELECT r.id, i.name, concat_ws('/', r.ctid, r.xmin, i.ctid, i.xmin, o.ctid, o.xmin,
                               an.n, an.h, ev.n, ev.h)
FROM assessment_report r
JOIN innovations_innovation i ON i.id = r.innovation_id
LEFT JOIN organization_opdunit o ON o.id = i.opd_id
LEFT JOIN answers an ON an.report_id = r.id
LEFT JOIN evidence ev ON ev.report_id = r.id
WHERE r.year = %(year)s
ORDER BY 2 NULLS FIRST, 1
"""


def report_fingerprints(year: int) -> dict[int | None, str]:
    """{report id: a value that changes whenever anything its score is computed from changes}
    for every report of the year, in year_facts' order, the region's own answers under None
    first; one query, without reading the rows themselves. PostgreSQL writes a new row version,
    with a new place (ctid) and the writing transaction's id (xmin), for every insert and update,
    so any write by any path (a service, the admin, a bulk update, a raw statement) changes the
    value of the reports it touches, and a rolled-back write leaves it as it was: it describes
    what this transaction sees, committed or not. Sets of rows (answers, evidence) count as their
    number and the sum of a 64-bit hash of each version; two different states share a value only
    if two such sums collide. What changed since a score was computed is then the reports whose
    value differs: only they are read and scored again."""
    with connection.cursor() as cursor:
        cursor.execute(_REPORT_FINGERPRINTS_SQL, {"year": year})
        return {report_id: fingerprint for report_id, _name, fingerprint in cursor.fetchall()}
