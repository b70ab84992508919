"""Scores of a page of reports, in a fixed number of queries however long the page is.

An innovation's score depends only on its own answers and evidence and the year's rubric (the
region-level parts of the formula do not change it), so a page needs only the facts of its own
reports: the rubric once and the facts once, never per row."""

from __future__ import annotations

from collections.abc import Iterable

from rubric.selectors import year_rubric
from tenants.scoring.compute import InnovationScore, score_innovation
from tenants.scoring.selectors import year_facts


def innovation_scores(year: int, report_ids: Iterable[int | None]) -> dict[int, InnovationScore]:
    """{report id: its score} for the given reports of `year`. In the region's schema."""
    ids = sorted({pk for pk in report_ids if pk is not None})
    if not ids:
        return {}
    rubric = year_rubric(year)
    if rubric is None:
        return {}
    facts = year_facts(year, report_ids=ids)
    return {item.report.pk: score_innovation(rubric, item) for item in facts.reports}
