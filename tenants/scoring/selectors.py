"""Everything the region's score for one year depends on, read in a fixed number of queries
(whatever the number of innovations). Call inside the region's schema."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q

from tenants.assessment.models import Answer, EvidenceStatus, Report


@dataclass
class AnswerFacts:
    indicator_code: str
    basis: str
    level: int | None
    evidence: dict[str, int] = field(default_factory=dict)  # status -> count


@dataclass
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
        report.pk: ReportFacts(report) for report in reports.order_by("innovation__name")
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
    statuses = EvidenceStatus.values
    for _pk, report_id, code, basis, level, *counts in rows:
        facts = AnswerFacts(
            code, basis, level, {status: n for status, n in zip(statuses, counts, strict=True) if n}
        )
        if report_id is None:
            region_answers[code] = facts
        elif report_id in by_report:
            by_report[report_id].answers[code] = facts
    return YearFacts(year, list(by_report.values()), region_answers)


# Per table region_score reads (the rows of it it reads; a row of another year changing only costs
# a recomputation): its row count and the sum of a hash of each row version's place and creator.
_FINGERPRINT_SQL = """
SELECT concat_ws('/',
    (SELECT count(*) || ':' || coalesce(sum(hashtextextended(ctid::text || xmin::text, 0)), 0)
     FROM assessment_answer WHERE year = %(year)s),
    (SELECT count(*) || ':' || coalesce(sum(hashtextextended(ctid::text || xmin::text, 0)), 0)
     FROM assessment_evidence),
    (SELECT count(*) || ':' || coalesce(sum(hashtextextended(ctid::text || xmin::text, 0)), 0)
     FROM assessment_report WHERE year = %(year)s),
    (SELECT count(*) || ':' || coalesce(sum(hashtextextended(ctid::text || xmin::text, 0)), 0)
     FROM innovations_innovation),
    (SELECT count(*) || ':' || coalesce(sum(hashtextextended(ctid::text || xmin::text, 0)), 0)
     FROM organization_opdunit)
)
"""


def data_fingerprint(year: int) -> str:
    """A value that changes whenever anything year_facts(year) reads changes, read in one query
    without reading the rows themselves: each table's row count and the sum of a 64-bit hash of
    every row version's place and creating transaction (ctid, xmin). PostgreSQL writes a new row
    version, with a new place and the writing transaction's id, for every insert and update, so
    any write by any path (a service, the admin, a bulk update, a raw statement) changes the
    value, and a rolled-back write leaves it as it was: it describes what this transaction sees,
    committed or not. Two different states share it only if two 64-bit hash sums collide."""
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL, {"year": year})
        row = cursor.fetchone()
    return str(row[0])
