"""Everything the region's score for one year depends on, read in a fixed number of queries
(whatever the number of innovations). Call inside the region's schema."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from tenants.assessment.models import Answer, Evidence, Report


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
    evidence = Evidence.objects.filter(answer__year=year)
    if report_ids is not None:
        reports = reports.filter(pk__in=report_ids)
        answers = answers.filter(report_id__in=report_ids) | answers.filter(report__isnull=True)
        evidence = evidence.filter(answer__in=answers)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for tally in evidence.values("answer_id", "status").annotate(n=Count("pk")).order_by():
        counts[tally["answer_id"]][tally["status"]] = tally["n"]
    by_report: dict[int, ReportFacts] = {
        report.pk: ReportFacts(report) for report in reports.order_by("innovation__name")
    }
    region_answers: dict[str, AnswerFacts] = {}
    for row in answers.values("pk", "report_id", "indicator_code", "basis", "level"):
        facts = AnswerFacts(row["indicator_code"], row["basis"], row["level"], counts[row["pk"]])
        if row["report_id"] is None:
            region_answers[row["indicator_code"]] = facts
        elif row["report_id"] in by_report:
            by_report[row["report_id"]].answers[row["indicator_code"]] = facts
    return YearFacts(year, list(by_report.values()), region_answers)
