"""The OPD reporting page: for a year, which OPDs reported nothing, too few, or only innovations
not yet verified, against the region's target; setting that target and reminding the lagging
OPDs' operators (Bappeda); and the small trend section the region dashboard loads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.policy import Action, can, require
from rubric.years import available_years, resolve_year
from tenants.reporting import services
from tenants.reporting.forms import ReminderForm, TargetForm
from tenants.reporting.selectors import OpdStatus, reporting_trend, year_reporting

if TYPE_CHECKING:
    from core.http import RegionRequest


def _back(year: int) -> HttpResponse:
    return redirect(f"{reverse('reporting:index')}?year={year}")


@login_required
@require_GET
def index_view(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_ALL_INNOVATIONS, region)
    year = resolve_year(request.GET.get("year"))
    status = request.GET.get("status", "")
    status = status if status in OpdStatus.values else ""
    reporting = year_reporting(year, status=status)
    can_manage = can(request.user, Action.MANAGE_PROGRAMME, region)
    context = {
        "reporting": reporting,
        "year": year,
        "years": available_years(),
        "status": status,
        "statuses": OpdStatus.choices,
        "can_manage": can_manage,
        "target_form": TargetForm(
            initial={
                "minimum": reporting.target.min_innovations_per_opd,
                "note": "" if reporting.target.is_default else reporting.target.note,
            }
        )
        if can_manage
        else None,
    }
    template = "reporting/_table.html" if request.htmx else "reporting/index.html"
    return render(request, template, context)


@login_required
@require_POST
def target_view(request: RegionRequest, year: int) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_PROGRAMME, region)
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(year)
    try:
        services.set_target(
            region=region,
            actor=request.user,
            year=year,
            minimum=form.cleaned_data["minimum"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Target pelaporan %(year)d tersimpan.") % {"year": year})
    return _back(year)


@login_required
@require_POST
def remind_view(request: RegionRequest, year: int) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_PROGRAMME, region)
    form = ReminderForm(request.POST)
    opd_id = form.cleaned_data.get("opd") if form.is_valid() else None
    result = services.send_reminders(
        region=region, actor=request.user, year=year, opd_ids=[opd_id] if opd_id else None
    )
    if result.opds:
        messages.success(
            request,
            _("Pengingat dikirim ke %(people)d operator dari %(opds)d OPD.")
            % {"people": result.people, "opds": result.opds},
        )
    if result.already:
        messages.info(
            request,
            _("%(n)d OPD sudah diingatkan hari ini; pengingat tidak dikirim dua kali.")
            % {"n": result.already},
        )
    if result.without_operator:
        messages.warning(
            request,
            _("OPD tanpa operator, tidak dapat diingatkan lewat aplikasi: %(names)s.")
            % {"names": ", ".join(result.without_operator)},
        )
    if not (result.opds or result.already or result.without_operator):
        messages.info(request, _("Tidak ada OPD yang perlu diingatkan."))
    return _back(year)


@login_required
@require_GET
def trend_view(request: RegionRequest) -> HttpResponse:
    """The dashboard's trend section (htmx): innovations and innovating OPDs per year."""
    require(request.user, Action.VIEW_REGION, request.region)
    return render(
        request,
        "reporting/_trend.html",
        {
            "trend": reporting_trend(),
            "may_open_reporting": can(request.user, Action.VIEW_ALL_INNOVATIONS, request.region),
        },
    )
