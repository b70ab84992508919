"""Who may see and change a year's reports, answers and evidence: the one place pages and the API
ask. A report, its answers and its evidence are visible exactly like the innovation they belong
to (tenants.innovations.selectors.visible_opd_id: an OPD operator sees their own OPD's only); the
region's own SPD answers are visible to every member. Anything not visible answers 404, never
403, so ids of other OPDs' objects are not confirmed. Call inside the region's schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.policy import Action, can
from tenants.assessment.models import Answer, Evidence, Report, ReportStatus
from tenants.innovations.access import visible_opd_id

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from regions.models import Region

    Someone = User | AnonymousUser | None


def visible_reports(user: Someone, region: Region) -> QuerySet[Report]:
    queryset = Report.objects.select_related("innovation__opd")
    own_opd = visible_opd_id(user, region)
    if own_opd is not None:
        queryset = queryset.filter(innovation__opd_id=own_opd)
    return queryset


def visible_answers(user: Someone, region: Region) -> QuerySet[Answer]:
    queryset = Answer.objects.select_related("report__innovation__opd")
    return _with_region_answers(queryset, user, region, report="report")


def visible_evidence(user: Someone, region: Region) -> QuerySet[Evidence]:
    queryset = Evidence.objects.select_related("answer__report__innovation")
    return _with_region_answers(queryset, user, region, report="answer__report")


def _with_region_answers(queryset: QuerySet, user: Someone, region: Region, *, report: str):
    """Rows of the visible reports, and those of the region's own (SPD) answers (no report)."""
    if not can(user, Action.VIEW_REGION, region):
        return queryset.none()
    own_opd = visible_opd_id(user, region)
    if own_opd is None:
        return queryset
    return queryset.filter(
        Q(**{f"{report}__isnull": True}) | Q(**{f"{report}__innovation__opd_id": own_opd})
    )


def report_for(user: Someone, region: Region, pk: int) -> Report:
    """The report if `user` may see it, else Http404."""
    report = visible_reports(user, region).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def answer_for(user: Someone, region: Region, pk: int) -> Answer:
    """The answer if `user` may see it, else Http404."""
    answer = visible_answers(user, region).filter(pk=pk).first()
    if answer is None:
        raise Http404
    return answer


def evidence_for(user: Someone, region: Region, pk: int) -> Evidence:
    """The evidence if `user` may see it, else Http404."""
    evidence = visible_evidence(user, region).filter(pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence


@dataclass(frozen=True)
class AnswerCapabilities:
    """What the user may do with the answers of one report (or, report None, of the region's
    SPD indicators): choose levels and add evidence, or review evidence."""

    may_answer: bool
    may_review: bool


def capabilities(user: Someone, region: Region, report: Report | None) -> AnswerCapabilities:
    """SID answers follow the innovation's OPD and are frozen while the report is submitted or
    verified; their evidence is reviewed while the report waits for verification. SPD answers
    belong to the region's admins and are reviewed by its verifiers at any time."""
    if report is None:
        return AnswerCapabilities(
            may_answer=can(user, Action.EDIT_REGION_INDICATORS, region),
            may_review=can(user, Action.VERIFY_INNOVATION, region),
        )
    return AnswerCapabilities(
        may_answer=can(user, Action.EDIT_INNOVATION, region, opd_id=report.innovation.opd_id)
        and not report.is_locked,
        may_review=can(user, Action.VERIFY_INNOVATION, region)
        and report.status == ReportStatus.SUBMITTED,
    )
