"""Pages of the innovation registry: list, profile form, detail with indicators and evidence,
verification actions and the printable profile. Views are thin: permissions come from the
policy, reads from selectors, writes from services."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, can, require
from core.downloads import field_file_response
from rubric.models import GovernmentAffair
from rubric.years import available_years, resolve_year
from tenants.assessment.carry_over import (
    carry_over_candidates,
    region_carry_over,
    report_carry_over,
)
from tenants.assessment.models import ReportStatus
from tenants.assessment.workflow import TransitionError, fire
from tenants.innovations.access import innovation_for
from tenants.innovations.forms import InnovationForm
from tenants.innovations.models import Form, Stage
from tenants.innovations.page_data import innovation_page
from tenants.innovations.selectors import (
    editable_opds,
    innovation_list,
    visible_opd_id,
)
from tenants.innovations.services import innovation_create, innovation_delete, innovation_update
from tenants.organization.models import OpdUnit
from tenants.scoring.compute import innovation_scores

if TYPE_CHECKING:
    from django.core.paginator import Page
    from django.db.models import QuerySet

    from core.http import RegionRequest
    from tenants.innovations.selectors import InnovationOfYear

PAGE_SIZE = 50


class ListFilters(TypedDict):
    """The list's filters, as innovation_list takes them (and the page shows them again)."""

    search: str
    stage: str
    form: str
    status: str
    affair: str
    opd_id: int | None


def _opd_choices(request: RegionRequest) -> QuerySet[OpdUnit]:
    return editable_opds(request.user, request.region)


def _may_edit(request: RegionRequest, innovation) -> bool:
    return can(request.user, Action.EDIT_INNOVATION, request.region, opd_id=innovation.opd_id)


@login_required
def innovation_list_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    year = resolve_year(request.GET.get("year"))
    opd = request.GET.get("opd", "")
    filters: ListFilters = {
        "search": request.GET.get("q", "").strip()[:100],
        "stage": request.GET.get("stage", "") if request.GET.get("stage") in Stage.values else "",
        "form": request.GET.get("form", "") if request.GET.get("form") in Form.values else "",
        "status": request.GET.get("status", "")
        if request.GET.get("status") in ReportStatus.values
        else "",
        "affair": request.GET.get("affair", "")[:60],
        "opd_id": int(opd) if opd.isdigit() else None,
    }
    innovations = innovation_list(user=request.user, region=region, year=year, **filters)
    # Annotated: the type checker's Django plugin loses the annotations through the paginator.
    page: Page[InnovationOfYear] = Paginator(innovations, PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    scores = innovation_scores(
        year, [innovation.report_id for innovation in page.object_list if innovation.report_id]
    )
    rows = [
        (innovation, scores.get(innovation.report_id) if innovation.report_id is not None else None)
        for innovation in page.object_list
    ]
    own_opd = visible_opd_id(request.user, region)
    context = {
        "page": page,
        "rows": rows,
        "year": year,
        "years": available_years(),
        "filters": filters,
        "opd_filter": filters["opd_id"],
        "opds": OpdUnit.objects.order_by("name")
        if own_opd is None
        else OpdUnit.objects.filter(pk=own_opd),
        "stages": Stage.choices,
        "forms": Form.choices,
        "statuses": ReportStatus.choices,
        "affairs": GovernmentAffair.objects.order_by("order"),
        "can_create": editable_opds(request.user, region).exists(),
        "carry_over_count": carry_over_candidates(year)
        if can(request.user, Action.MANAGE_OPD, region)
        else 0,
    }
    template = "innovations/_rows.html" if request.htmx else "innovations/list.html"
    return render(request, template, context)


@login_required
def innovation_create_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    opds = _opd_choices(request)
    if not opds.exists():
        raise PermissionDenied
    form = InnovationForm(request.POST or None, request.FILES or None, opd_queryset=opds)
    if request.method == "POST" and form.is_valid():
        try:
            innovation = innovation_create(
                region=region, actor=request.user, data=form.profile_data()
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Inovasi %(name)s tersimpan.") % {"name": innovation.name})
            return redirect("innovations:detail", innovation.pk)
    return render(request, "innovations/form.html", {"form": form, "innovation": None})


@login_required
def innovation_edit_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    innovation = innovation_for(request.user, request.region, pk)
    require(request.user, Action.EDIT_INNOVATION, region, opd_id=innovation.opd_id)
    form = InnovationForm(
        request.POST or None,
        request.FILES or None,
        instance=innovation,
        opd_queryset=_opd_choices(request),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = innovation_update(
                region=region, actor=request.user, innovation=innovation, data=form.profile_data()
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            if changes:
                messages.success(request, _("Perubahan profil tersimpan."))
            else:
                messages.info(request, _("Tidak ada perubahan."))
            return redirect("innovations:detail", innovation.pk)
    return render(request, "innovations/form.html", {"form": form, "innovation": innovation})


@login_required
def innovation_detail_view(request: RegionRequest, pk: int) -> HttpResponse:
    innovation = innovation_for(request.user, request.region, pk)
    year = resolve_year(request.GET.get("year"))
    context = innovation_page(request.user, request.region, innovation, year)
    return render(request, "innovations/detail.html", context)


@login_required
def innovation_print_view(request: RegionRequest, pk: int) -> HttpResponse:
    innovation = innovation_for(request.user, request.region, pk)
    year = resolve_year(request.GET.get("year"))
    context = innovation_page(request.user, request.region, innovation, year)
    return render(request, "innovations/print.html", context)


@login_required
@require_POST
def innovation_delete_view(request: RegionRequest, pk: int) -> HttpResponse:
    innovation = innovation_for(request.user, request.region, pk)
    try:
        innovation_delete(region=request.region, actor=request.user, innovation=innovation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("innovations:detail", innovation.pk)
    messages.success(request, _("Inovasi %(name)s dihapus.") % {"name": innovation.name})
    return redirect("innovations:list")


@login_required
@require_POST
def innovation_transition_view(request: RegionRequest, pk: int, name: str) -> HttpResponse:
    innovation = innovation_for(request.user, request.region, pk)
    year = resolve_year(request.POST.get("year"))
    report = innovation.reports.filter(year=year).first()
    if report is None:
        raise Http404
    notes = [
        (target, message)
        for target, message in zip(
            request.POST.getlist("note_target"), request.POST.getlist("note_message"), strict=False
        )
    ]
    try:
        fire(
            name,
            region=request.region,
            actor=request.user,
            report=report,
            notes=notes,
            reason=request.POST.get("reason", ""),
        )
    except TransitionError as exc:
        messages.error(request, " ".join(exc.messages))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = {
            "submit": _("Inovasi diajukan untuk verifikasi."),
            "return": _("Inovasi dikembalikan ke OPD dengan catatan."),
            "verify": _("Inovasi terverifikasi."),
            "reopen": _("Inovasi dibuka kembali untuk perbaikan."),
        }
        messages.success(request, done.get(name, ""))
    return redirect(f"{_detail_url(innovation.pk)}?year={year}")


@login_required
@require_POST
def innovation_carry_over_view(request: RegionRequest, pk: int) -> HttpResponse:
    innovation = innovation_for(request.user, request.region, pk)
    year = resolve_year(request.POST.get("year"))
    try:
        report_carry_over(
            region=request.region, actor=request.user, innovation=innovation, year=year
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Inovasi dilaporkan untuk tahun %(year)d.") % {"year": year})
    return redirect(f"{_detail_url(innovation.pk)}?year={year}")


@login_required
@require_POST
def region_carry_over_view(request: RegionRequest) -> HttpResponse:
    """A region admin reports every innovation of earlier years for the chosen year at once."""
    require(request.user, Action.MANAGE_OPD, request.region)
    year = resolve_year(request.POST.get("year"))
    carried = region_carry_over(region=request.region, actor=request.user, year=year)
    messages.success(
        request,
        _("%(n)d inovasi dilaporkan untuk tahun %(year)d.") % {"n": carried, "year": year},
    )
    return redirect(f"{reverse('innovations:list')}?year={year}")


@login_required
def innovation_document_view(request: RegionRequest, pk: int, field: str) -> FileResponse:
    """The profile's budget or business-profile document, to users who may see the innovation."""
    innovation = innovation_for(request.user, request.region, pk)
    if field not in ("budget_document", "business_profile"):
        raise Http404
    document = getattr(innovation, field)
    if not document:
        raise Http404
    return field_file_response(document, filename=f"{field}.pdf")


def _detail_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("innovations:detail", args=[pk])


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
