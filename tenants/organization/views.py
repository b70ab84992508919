from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, can, require
from tenants.organization.forms import OpdUnitForm
from tenants.organization.selectors import opd_unit_get, opd_unit_list
from tenants.organization.services import opd_unit_create, opd_unit_delete, opd_unit_update
from tenants.organization.tasks import add_standard_units_task


@login_required
def opd_list(request: HttpRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    can_manage = can(request.user, Action.MANAGE_OPD, region)
    form = OpdUnitForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        require(request.user, Action.MANAGE_OPD, region)
        if form.is_valid():
            try:
                unit = opd_unit_create(region=region, actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("OPD %(name)s ditambahkan.") % {"name": unit.name})
                return redirect("organization:list")
    search = request.GET.get("q", "").strip()[:100]
    units = opd_unit_list(search=search)
    template = "organization/_opd_rows.html" if request.htmx else "organization/opd_list.html"
    return render(
        request,
        template,
        {"units": units, "form": form, "can_manage": can_manage, "search": search},
    )


@login_required
def opd_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_OPD, region)
    unit = opd_unit_get(unit_id)
    if unit is None:
        raise Http404
    form = OpdUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            opd_unit_update(region=region, actor=request.user, unit=unit, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Perubahan OPD tersimpan."))
            return redirect("organization:list")
    return render(request, "organization/opd_edit.html", {"form": form, "unit": unit})


@login_required
@require_POST
def opd_delete(request: HttpRequest, unit_id: int) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_OPD, region)
    unit = opd_unit_get(unit_id)
    if unit is None:
        raise Http404
    try:
        opd_unit_delete(region=region, actor=request.user, unit=unit)
        messages.success(request, _("OPD %(name)s dihapus.") % {"name": unit.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("organization:list")


@login_required
@require_POST
def opd_add_standard(request: HttpRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_OPD, region)
    add_standard_units_task.delay(region.schema_name, request.user.pk)
    messages.info(
        request,
        _(
            "Daftar perangkat daerah standar sedang ditambahkan di latar belakang. Muat ulang halaman sebentar lagi."
        ),
    )
    return redirect("organization:list")
