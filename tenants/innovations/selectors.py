"""Reads of innovations, always narrowed to what the user may see: OPD operators see their own
OPD's innovations only; admins, verifiers and leaders see all. Call inside the region's schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import OuterRef, QuerySet, Subquery

from accounts.policy import Action, can
from tenants.assessment.models import Report
from tenants.innovations.access import visible_opd_id
from tenants.innovations.models import Innovation
from tenants.organization.models import OpdUnit

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    from accounts.models import User
    from regions.models import Region

    class ReportOfYear(TypedDict):
        report_id: int | None
        report_status: str | None

    # An innovation as innovation_list returns it: with its report of the year (or None).
    InnovationOfYear = WithAnnotations[Innovation, ReportOfYear]


def innovation_list(
    *,
    user: User,
    region: Region,
    year: int,
    search: str = "",
    opd_id: int | None = None,
    stage: str = "",
    form: str = "",
    status: str = "",
    affair: str = "",
    is_digital: bool | None = None,
) -> QuerySet[InnovationOfYear]:
    """Innovations visible to `user`, annotated with `report_id` and `report_status` for `year`
    (null when the innovation has no report that year)."""
    reports = Report.objects.filter(innovation=OuterRef("pk"), year=year)
    queryset = Innovation.objects.select_related("opd").annotate(
        report_id=Subquery(reports.values("pk")[:1]),
        report_status=Subquery(reports.values("status")[:1]),
    )
    own_opd = visible_opd_id(user, region)
    if own_opd is not None:
        queryset = queryset.filter(opd_id=own_opd)
    if search:
        queryset = queryset.filter(name__icontains=search)
    if opd_id:
        queryset = queryset.filter(opd_id=opd_id)
    if stage:
        queryset = queryset.filter(stage=stage)
    if form:
        queryset = queryset.filter(form=form)
    if affair:
        queryset = queryset.filter(affair=affair)
    if is_digital is not None:
        queryset = queryset.filter(is_digital=is_digital)
    if status:
        queryset = queryset.filter(report_status=status)
    return queryset.order_by("name")


def innovation_get(*, user: User, region: Region, pk: int) -> Innovation | None:
    """One innovation if `user` may see it (None otherwise: callers answer 404, never 403, so
    ids of other OPDs' innovations are not confirmed)."""
    queryset = Innovation.objects.select_related("opd").filter(pk=pk)
    own_opd = visible_opd_id(user, region)
    if own_opd is not None:
        queryset = queryset.filter(opd_id=own_opd)
    return queryset.first()


def editable_opds(user: User, region: Region) -> QuerySet[OpdUnit]:
    """The OPDs for which `user` may create and edit innovations."""
    own = visible_opd_id(user, region)
    units = OpdUnit.objects.order_by("name")
    if own is not None:
        units = units.filter(pk=own)
    allowed = [
        unit.pk for unit in units if can(user, Action.EDIT_INNOVATION, region, opd_id=unit.pk)
    ]
    return OpdUnit.objects.filter(pk__in=allowed).order_by("name")
