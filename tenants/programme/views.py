"""Pages of the facilitators' programme: the schedule (every member), an event with its
attendance, materials and minutes, and Bappeda's forms to run them. Writes go through
tenants.programme.services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.policy import Action, can, require
from core.downloads import download_name, field_file_response
from core.forms import form_errors
from tenants.programme import services
from tenants.programme.access import attendance_for, event_for, material_for
from tenants.programme.forms import (
    AttendanceForm,
    EventForm,
    MaterialForm,
    MinutesForm,
)
from tenants.programme.selectors import attendance_list, schedule
from tenants.programme.vocabulary import event_kinds

if TYPE_CHECKING:
    from django.http import FileResponse

    from core.http import RegionRequest
    from tenants.programme.models import LearningEvent


def _back(pk: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("programme:detail", args=[pk]) + (f"#{anchor}" if anchor else ""))


def _errors(request: RegionRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_GET
def list_view(request: RegionRequest) -> HttpResponse:
    require(request.user, Action.VIEW_REGION, request.region)
    kinds = event_kinds()
    kind = request.GET.get("kind", "")
    kind = kind if kind in {item.code for item in kinds} else ""
    context = {
        "schedule": schedule(kind=kind),
        "kinds": kinds,
        "kind": kind,
        "can_manage": can(request.user, Action.MANAGE_PROGRAMME, request.region),
    }
    return render(request, "programme/list.html", context)


def _event_form_page(request: RegionRequest, event: LearningEvent | None) -> HttpResponse:
    region = request.region
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data.get(key) for key in services.EVENT_FIELDS}
        data["place"] = data["place"] or ""
        data["description"] = data["description"] or ""
        invited = form.cleaned_data["invited_opds"]
        try:
            if event is None:
                event = services.event_create(
                    region=region, actor=request.user, data=data, invited=invited
                )
            else:
                event = services.event_update(
                    region=region, actor=request.user, event=event, data=data, invited=invited
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Kegiatan %(title)s tersimpan.") % {"title": event.title})
            return _back(event.pk)
    return render(request, "programme/form.html", {"form": form, "event": event})


@login_required
def create_view(request: RegionRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_PROGRAMME, request.region)
    return _event_form_page(request, None)


@login_required
def edit_view(request: RegionRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, request.region, pk, action=Action.MANAGE_PROGRAMME)
    return _event_form_page(request, event)


@login_required
@require_POST
def delete_view(request: RegionRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, request.region, pk, action=Action.MANAGE_PROGRAMME)
    services.event_delete(region=request.region, actor=request.user, event=event)
    messages.success(request, _("Kegiatan %(title)s dihapus.") % {"title": event.title})
    return redirect("programme:list")


@login_required
@require_GET
def detail_view(request: RegionRequest, pk: int) -> HttpResponse:
    region = request.region
    event = event_for(request.user, region, pk)
    can_manage = can(request.user, Action.MANAGE_PROGRAMME, region)
    attendances = list(attendance_list(event))
    context = {
        "event": event,
        "invited": event.invited_opds.order_by("name"),
        "attendances": attendances,
        "present": sum(1 for item in attendances if item.present),
        "materials": event.materials.all(),
        "can_manage": can_manage,
        "attendance_form": AttendanceForm() if can_manage else None,
        "material_form": MaterialForm() if can_manage else None,
        "minutes_form": MinutesForm(initial={"minutes": event.minutes}) if can_manage else None,
    }
    return render(request, "programme/detail.html", context)


@login_required
@require_POST
def attendance_add_view(request: RegionRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, request.region, pk, action=Action.MANAGE_PROGRAMME)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(pk, "kehadiran")
    try:
        attendance = services.attendance_record(
            region=request.region,
            actor=request.user,
            event=event,
            opd=form.cleaned_data["opd"],
            facilitator=form.cleaned_data["facilitator"],
            person_name=form.cleaned_data["person_name"],
            present=form.cleaned_data["present"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request, _("Kehadiran %(name)s tercatat.") % {"name": attendance.person_name}
        )
    return _back(pk, "kehadiran")


@login_required
@require_POST
def attendance_remove_view(request: RegionRequest, pk: int, attendance_id: int) -> HttpResponse:
    attendance = attendance_for(request.user, request.region, pk, attendance_id)
    services.attendance_remove(region=request.region, actor=request.user, attendance=attendance)
    messages.success(
        request, _("%(name)s dihapus dari daftar hadir.") % {"name": attendance.person_name}
    )
    return _back(pk, "kehadiran")


@login_required
@require_POST
def material_add_view(request: RegionRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, request.region, pk, action=Action.MANAGE_PROGRAMME)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(pk, "materi")
    try:
        material = services.material_add(
            region=request.region,
            actor=request.user,
            event=event,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            link=form.cleaned_data["link"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Materi %(title)s ditambahkan.") % {"title": material.title})
    return _back(pk, "materi")


@login_required
@require_POST
def material_remove_view(request: RegionRequest, pk: int, material_id: int) -> HttpResponse:
    material = material_for(
        request.user, request.region, pk, material_id, action=Action.MANAGE_PROGRAMME
    )
    services.material_remove(region=request.region, actor=request.user, material=material)
    messages.success(request, _("Materi %(title)s dihapus.") % {"title": material.title})
    return _back(pk, "materi")


@login_required
@require_GET
def material_view(request: RegionRequest, pk: int, material_id: int) -> HttpResponse | FileResponse:
    material = material_for(request.user, request.region, pk, material_id)
    if not material.file:
        return redirect(material.link)
    return field_file_response(
        material.file,
        filename=download_name(material.original_name, material.file),
        content_type=material.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def minutes_view(request: RegionRequest, pk: int) -> HttpResponse:
    event = event_for(request.user, request.region, pk, action=Action.MANAGE_PROGRAMME)
    form = MinutesForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return _back(pk, "notula")
    try:
        services.minutes_save(
            region=request.region,
            actor=request.user,
            event=event,
            text=form.cleaned_data["minutes"],
            upload=form.cleaned_data["file"],
            remove_file=form.cleaned_data["remove_file"],
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Notula tersimpan."))
    return _back(pk, "notula")


@login_required
@require_GET
def minutes_file_view(request: RegionRequest, pk: int) -> FileResponse:
    event = event_for(request.user, request.region, pk)
    if not event.minutes_file:
        raise Http404
    return field_file_response(
        event.minutes_file,
        filename=event.minutes_file_name or (event.minutes_file.name or "").rsplit("/", 1)[-1],
        content_type=event.minutes_file_type or "application/octet-stream",
    )
