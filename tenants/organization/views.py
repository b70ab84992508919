from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Action, can, require
from tenants.organization.access import facilitator_for, unit_for
from tenants.organization.forms import FacilitatorForm, OpdUnitForm
from tenants.organization.selectors import opd_unit_list
from tenants.organization.services import (
    facilitator_create,
    facilitator_delete,
    facilitator_update,
    opd_add_standard_units,
    opd_unit_create,
    opd_unit_delete,
    opd_unit_update,
)

if TYPE_CHECKING:
    from core.http import RegionRequest


@login_required
def opd_list(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    can_manage = can(request.user, Action.MANAGE_OPD, region)
    form = OpdUnitForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        require(request.user, Action.MANAGE_OPD, region)
        assert form is not None  # require() has refused whoever may not manage (no form)
        if form.is_valid():
            try:
                unit = opd_unit_create(region=region, actor=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("OPD %(name)s ditambahkan.") % {"name": unit.name})
                return redirect("organization:list")
    search = request.GET.get("q", "").strip()[:100]
    units = opd_unit_list(search=search).prefetch_related("facilitators")
    template = "organization/_opd_rows.html" if request.htmx else "organization/opd_list.html"
    return render(
        request,
        template,
        {"units": units, "form": form, "can_manage": can_manage, "search": search},
    )


def _render_edit(request: RegionRequest, unit, form=None, facilitator_form=None) -> HttpResponse:
    context = {
        "form": form or OpdUnitForm(instance=unit),
        "unit": unit,
        "facilitators": unit.facilitators.order_by("name"),
        "facilitator_form": facilitator_form or FacilitatorForm(),
    }
    return render(request, "organization/opd_edit.html", context)


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def opd_edit(request: RegionRequest, unit_id: int) -> HttpResponse:
    region = request.region
    unit = unit_for(request.user, region, unit_id, action=Action.MANAGE_OPD)
    form = OpdUnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            opd_unit_update(region=region, actor=request.user, unit=unit, data=form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Perubahan OPD tersimpan."))
            return redirect("organization:list")
    return _render_edit(request, unit, form=form)


@login_required
@require_POST
def facilitator_add(request: RegionRequest, unit_id: int) -> HttpResponse:
    region = request.region
    unit = unit_for(request.user, region, unit_id, action=Action.MANAGE_OPD)
    form = FacilitatorForm(request.POST)
    if form.is_valid():
        try:
            facilitator = facilitator_create(
                region=region, actor=request.user, opd=unit, data=form.cleaned_data
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Fasilitator %(name)s ditambahkan ke %(opd)s.")
                % {"name": facilitator.name, "opd": unit.name},
            )
            return redirect(_facilitators_url(unit.pk))
    return _render_edit(request, unit, facilitator_form=form)


@login_required
def facilitator_edit(request: RegionRequest, unit_id: int, facilitator_id: int) -> HttpResponse:
    region = request.region
    unit = unit_for(request.user, region, unit_id, action=Action.MANAGE_OPD)
    facilitator = facilitator_for(
        request.user, region, facilitator_id, unit_id=unit.pk, action=Action.MANAGE_OPD
    )
    form = FacilitatorForm(request.POST or None, instance=facilitator)
    if request.method == "POST" and form.is_valid():
        # The form has already copied the input onto its instance; the service compares the
        # input with the stored row (to record what changed), so it gets a fresh copy.
        stored = facilitator_for(
            request.user, region, facilitator_id, unit_id=unit.pk, action=Action.MANAGE_OPD
        )
        try:
            facilitator_update(
                region=region, actor=request.user, facilitator=stored, data=form.cleaned_data
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Data fasilitator tersimpan."))
            return redirect(_facilitators_url(unit.pk))
    return render(
        request,
        "organization/facilitator_edit.html",
        {"form": form, "unit": unit, "facilitator": facilitator},
    )


@login_required
@require_POST
def facilitator_remove(request: RegionRequest, unit_id: int, facilitator_id: int) -> HttpResponse:
    region = request.region
    unit = unit_for(request.user, region, unit_id, action=Action.MANAGE_OPD)
    facilitator = facilitator_for(
        request.user, region, facilitator_id, unit_id=unit.pk, action=Action.MANAGE_OPD
    )
    facilitator_delete(region=region, actor=request.user, facilitator=facilitator)
    messages.success(
        request, _("Fasilitator %(name)s dihapus dari OPD.") % {"name": facilitator.name}
    )
    return redirect(_facilitators_url(unit.pk))


def _facilitators_url(unit_id: int) -> str:
    return reverse("organization:edit", args=[unit_id]) + "#fasilitator"


@login_required
@require_POST
def opd_delete(request: RegionRequest, unit_id: int) -> HttpResponse:
    region = request.region
    unit = unit_for(request.user, region, unit_id, action=Action.MANAGE_OPD)
    try:
        opd_unit_delete(region=region, actor=request.user, unit=unit)
        messages.success(request, _("OPD %(name)s dihapus.") % {"name": unit.name})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("organization:list")


@login_required
@require_POST
def opd_add_standard(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.MANAGE_OPD, region)
    added = opd_add_standard_units(region=region, actor=request.user)
    if added:
        messages.success(request, _("%(n)d perangkat daerah standar ditambahkan.") % {"n": added})
    else:
        messages.info(request, _("Semua perangkat daerah standar sudah ada."))
    return redirect("organization:list")
