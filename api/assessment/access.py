"""What of a year's reports, answers and evidence the requesting user may see: the same rule as
the innovations they belong to (tenants.innovations.selectors.visible_opd_id). The region's own
SPD answers are visible to every member. Anything else answers 404, never 403. Call inside the
region's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tenants.assessment.models import Answer, Evidence, Report
from tenants.innovations.selectors import visible_opd_id

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


def visible_reports(user: User, region: Region) -> QuerySet[Report]:
    queryset = Report.objects.select_related("innovation__opd")
    own_opd = visible_opd_id(user, region)
    if own_opd is not None:
        queryset = queryset.filter(innovation__opd_id=own_opd)
    return queryset


def visible_answers(user: User, region: Region) -> QuerySet[Answer]:
    queryset = Answer.objects.select_related("report__innovation__opd")
    own_opd = visible_opd_id(user, region)
    if own_opd is not None:
        queryset = queryset.filter(Q(report__isnull=True) | Q(report__innovation__opd_id=own_opd))
    return queryset


def visible_evidence(user: User, region: Region) -> QuerySet[Evidence]:
    queryset = Evidence.objects.select_related("answer__report__innovation")
    own_opd = visible_opd_id(user, region)
    if own_opd is not None:
        queryset = queryset.filter(
            Q(answer__report__isnull=True) | Q(answer__report__innovation__opd_id=own_opd)
        )
    return queryset
