"""The change history: who changed what, when; read and exported by admins, verifiers and
leaders (Action.VIEW_HISTORY)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.policy import Action, require
from tenants.history.export import csv_lines, xlsx_bytes
from tenants.history.forms import ChangeFilterForm
from tenants.history.selectors import change_actors, change_list, change_years
from tenants.innovations.models import Innovation

if TYPE_CHECKING:
    from core.http import RegionRequest

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def change_list_view(request: RegionRequest) -> HttpResponse:
    require(request.user, Action.VIEW_HISTORY, request.region)
    form = ChangeFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(change_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    subject = form.fields["subject"]
    assert isinstance(subject, forms.ChoiceField)  # declared so on ChangeFilterForm
    context = {
        "page": page,
        "filters": filters,
        "subjects": subject.choices,
        # Every innovation the reader may see: VIEW_HISTORY comes with VIEW_ALL_INNOVATIONS.
        "innovations": Innovation.objects.order_by("name").values_list("pk", "name"),
        "actors": change_actors(),
        "years": change_years(),
    }
    return render(request, "history/change_list.html", context)


@login_required
def change_export_view(request: RegionRequest) -> HttpResponse:
    """?format=csv (default) or xlsx, with the filters of the list. Built in full before the
    response is returned: the region's schema is only active while the view runs."""
    region = request.region
    require(request.user, Action.VIEW_HISTORY, region)
    changes = change_list(**ChangeFilterForm(request.GET).filters()).iterator(chunk_size=2000)
    stem = f"riwayat-{region.slug}-{timezone.localdate():%Y%m%d}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(xlsx_bytes(changes), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    else:
        response = HttpResponse("".join(csv_lines(changes)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
