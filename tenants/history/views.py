"""The change history: who changed what, when; read and exported by admins, verifiers and
leaders (Action.VIEW_HISTORY)."""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Action, require
from core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from tenants.history.access import readable_subjects
from tenants.history.export import export_csv, export_filename, export_xlsx
from tenants.history.forms import ChangeFilterForm
from tenants.history.models import Change
from tenants.history.selectors import change_actors, change_list, change_years
from tenants.innovations.models import Innovation

if TYPE_CHECKING:
    from core.http import RegionRequest

PAGE_SIZE = 50


@login_required
def change_list_view(request: RegionRequest) -> HttpResponse:
    require(request.user, Action.VIEW_HISTORY, request.region)
    form = ChangeFilterForm(request.GET)
    filters = form.filters()
    readable = readable_subjects(request.user, request.region)
    page = Paginator(change_list(subjects=readable, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        # "All", then the subjects this reader may see.
        "subjects": [
            ("", _("Semua objek")),
            *((value, label) for value, label in Change.Subject.choices if value in readable),
        ],
        # Every innovation the reader may see: VIEW_HISTORY comes with VIEW_ALL_INNOVATIONS.
        "innovations": Innovation.objects.order_by("name").values_list("pk", "name"),
        "actors": change_actors(),
        "years": change_years(),
    }
    return render(request, "history/change_list.html", context)


@login_required
def change_export_view(request: RegionRequest) -> FileResponse:
    """?format=csv (default) or xlsx, with the filters of the list. Written in full to a
    temporary file before the response is returned (the region's schema is only active while
    the view runs); FileResponse streams it and closing deletes it."""
    region = request.region
    require(request.user, Action.VIEW_HISTORY, region)
    changes = change_list(
        subjects=readable_subjects(request.user, region), **ChangeFilterForm(request.GET).filters()
    ).iterator(chunk_size=2000)
    extension = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        (export_xlsx if extension == "xlsx" else export_csv)(changes, target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    response = FileResponse(
        target,
        as_attachment=True,
        filename=export_filename(region, timezone.localdate(), extension),
        content_type=XLSX_CONTENT_TYPE if extension == "xlsx" else CSV_CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response
