"""Indicator answers and evidence: the htmx endpoints behind the innovation page's indicator
table, the region's SPD page, and evidence downloads. Every file is streamed after the policy
and the selectors agree the user may see it; there is no public URL for uploaded files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, require
from core.downloads import field_file_response
from rubric.selectors import year_rubric
from rubric.years import available_years, resolve_year
from tenants.assessment.access import answer_for, capabilities, evidence_for, report_for
from tenants.assessment.models import Answer, Report
from tenants.assessment.services import (
    answer_set,
    evidence_add_file,
    evidence_add_url,
    evidence_remove,
    evidence_review,
)
from tenants.innovations.page_data import answers_with_evidence, indicator_rows
from tenants.scoring.compute import region_score
from tenants.scoring.readiness import readiness

if TYPE_CHECKING:
    from django.http.response import HttpResponseBase

    from core.http import RegionRequest


def _back(
    request: RegionRequest, answer: Answer | None = None, report: Report | None = None
) -> HttpResponse:
    """After a change: the indicator row for htmx, else the page it came from."""
    report = report or (answer.report if answer else None)
    if report is None:
        year = answer.year if answer else resolve_year(request.POST.get("year"))
        url = f"{reverse('assessment:spd')}?year={year}"
    else:
        year = report.year
        url = f"{reverse('innovations:detail', args=[report.innovation_id])}?year={year}"
    code = answer.indicator_code if answer else request.POST.get("indicator_code", "")
    if request.htmx and code:
        return _indicator_row(request, report, code, year=year)
    return redirect(f"{url}#{code}" if code else url)


def _indicator_row(
    request: RegionRequest, report: Report | None, code: str, *, year: int
) -> HttpResponse:
    year = report.year if report else year
    rubric = year_rubric(year)
    score = region_score(year)
    if rubric is None or score is None or code not in rubric.indicators:
        raise Http404  # no rubric for the year, or no such indicator in it
    ready = readiness(score)
    if report is not None:
        scores = score.by_report[report.pk].indicators
        answers = answers_with_evidence(report=report, indicator_code=code)
        gaps = ready.for_report(report.pk)
    else:
        scores = score.spd
        answers = answers_with_evidence(report__isnull=True, year=year, indicator_code=code)
        gaps = ready.region_gaps
    allowed = capabilities(request.user, request.region, report)
    [row] = indicator_rows([rubric.indicators[code]], answers, scores, gaps)
    return render(
        request,
        "assessment/_indicator_row.html",
        {
            "row": row,
            "report": report,
            "year": year,
            "may_answer": allowed.may_answer,
            "may_review": allowed.may_review,
            "inline_messages": True,
        },
    )


def _flash_errors(request: RegionRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def answer_view(request: RegionRequest) -> HttpResponse:
    """Set the level of one indicator: of a report (report_id) or of the region (SPD)."""
    report_id = request.POST.get("report_id", "")
    report = (
        report_for(request.user, request.region, int(report_id)) if report_id.isdigit() else None
    )
    year = report.year if report else resolve_year(request.POST.get("year"))
    code = request.POST.get("indicator_code", "")
    level = request.POST.get("level", "")
    basis = request.POST.get("basis", "")
    if "|" in level:  # one select carries basis and level for multi-basis indicators
        basis, level = level.split("|", 1)
    try:
        answer = answer_set(
            region=request.region,
            actor=request.user,
            year=year,
            report=report,
            indicator_code=code,
            level=int(level) if level.isdigit() else None,
            basis=basis,
            note=request.POST.get("note", "")[:2000],
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
        return _back(request, report=report)
    return _back(request, answer)


@login_required
@require_POST
def evidence_add_view(request: RegionRequest, answer_id: int) -> HttpResponse:
    answer = answer_for(request.user, request.region, answer_id)
    upload = request.FILES.get("file")
    try:
        if upload:
            evidence_add_file(
                region=request.region,
                actor=request.user,
                answer=answer,
                upload=upload,
            )
        elif request.POST.get("url", "").strip():
            evidence_add_url(
                region=request.region,
                actor=request.user,
                answer=answer,
                url=request.POST["url"].strip(),
            )
        else:
            raise ValidationError(_("Pilih berkas atau isi tautan bukti dukung."))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Bukti dukung ditambahkan."))
    return _back(request, answer)


@login_required
@require_POST
def evidence_remove_view(request: RegionRequest, evidence_id: int) -> HttpResponse:
    evidence = evidence_for(request.user, request.region, evidence_id)
    answer = evidence.answer
    try:
        evidence_remove(region=request.region, actor=request.user, evidence=evidence)
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, answer)


@login_required
@require_POST
def evidence_review_view(request: RegionRequest, evidence_id: int) -> HttpResponse:
    evidence = evidence_for(request.user, request.region, evidence_id)
    try:
        evidence_review(
            region=request.region,
            actor=request.user,
            evidence=evidence,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", "")[:2000],
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    return _back(request, evidence.answer)


@login_required
def evidence_download_view(request: RegionRequest, evidence_id: int) -> HttpResponseBase:
    evidence = evidence_for(request.user, request.region, evidence_id)
    if not evidence.file:
        return redirect(evidence.url)
    return field_file_response(
        evidence.file,
        filename=evidence.original_name or "bukti",
        content_type=evidence.content_type or "application/octet-stream",
        inline=evidence.content_type in ("application/pdf", "image/jpeg", "image/png"),
        headers={
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
        },
    )


@login_required
def spd_view(request: RegionRequest) -> HttpResponse:
    """The region's own (SPD) indicators for a year: answers and evidence."""
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    year = resolve_year(request.GET.get("year"))
    rubric = year_rubric(year)
    score = region_score(year)
    if rubric is None or score is None:  # no rubric at all yet (resolve_year fell back)
        raise Http404
    ready = readiness(score)
    allowed = capabilities(request.user, region, None)
    rows = indicator_rows(
        rubric.part("spd"),
        answers_with_evidence(report__isnull=True, year=year),
        score.spd,
        ready.region_gaps,
    )
    return render(
        request,
        "assessment/spd.html",
        {
            "rows": rows,
            "year": year,
            "years": available_years(),
            "rubric": rubric,
            "score": score,
            "may_answer": allowed.may_answer,
            "may_review": allowed.may_review,
            "report": None,
        },
    )
