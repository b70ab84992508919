"""Impor & ekspor: the import template, the import itself, exports and the submission package.
Thin faces over template.py, importer.py, exporter.py and package.py."""

from __future__ import annotations

import tempfile
from typing import TYPE_CHECKING
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.policy import Action, can, may_edit_some_innovation, require
from core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from imports.limits import DEFAULT_LIMITS, MB
from imports.models import ImportKind
from imports.runs import recent_runs, run_for, start_run
from imports.views import error_context, run_page
from rubric.years import available_years, resolve_year
from tenants.spreadsheets.exporter import export_file, export_filename
from tenants.spreadsheets.forms import ImportForm
from tenants.spreadsheets.package import build_package, package_filename
from tenants.spreadsheets.parsing import CLEAR_MARKER
from tenants.spreadsheets.template import build_template

if TYPE_CHECKING:
    from core.http import RegionRequest
    from core.sheet_import import RowError


@login_required
def index(request: RegionRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    may_import = may_edit_some_innovation(request.user, region)
    form = ImportForm() if may_import else None
    errors: list[RowError] = []
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            run, errors = start_run(
                kind=ImportKind.INNOVATIONS,
                region=region,
                actor=request.user,
                upload=upload,
                filename=upload.name,
            )
            if run is not None:
                return redirect("spreadsheets:run", run_id=run.public_id)
    year = resolve_year(request.GET.get("year"))
    return render(
        request,
        "spreadsheets/index.html",
        {
            "form": form,
            **error_context(errors),
            "years": available_years(),
            "year": year,
            "may_import": may_import,
            "sees_all": can(request.user, Action.VIEW_ALL_INNOVATIONS, region),
            "max_mb": DEFAULT_LIMITS.max_bytes // MB,
            "max_rows": DEFAULT_LIMITS.max_rows,
            "clear_marker": CLEAR_MARKER,
            "runs": recent_runs(request.user, region, ImportKind.INNOVATIONS) if may_import else [],
        },
    )


@login_required
def run(request: RegionRequest, run_id: UUID) -> HttpResponse:
    """The preview of an uploaded file; confirming applies it, discarding forgets it."""
    import_run = run_for(request.user, request.region, ImportKind.INNOVATIONS, run_id)
    result = import_run.result or {}
    return run_page(
        request,
        import_run,
        back_url=reverse("spreadsheets:index"),
        choices={"create_opds": request.POST.getlist("create_opd")},
        page={
            "back_label": _("Impor & ekspor"),
            "item_heading": _("Inovasi"),
            "summary": _(
                "%(created)d inovasi baru, %(updated)d diperbarui, %(unchanged)d tidak berubah, %(rejected)d baris tidak diimpor."
            )
            % {key: result.get(key, 0) for key in ("created", "updated", "unchanged", "rejected")},
            "done_url": reverse("innovations:list"),
            "done_label": _("Lihat daftar inovasi"),
        },
    )


@login_required
def template_download(request: RegionRequest) -> HttpResponse:
    region = request.region
    if not may_edit_some_innovation(request.user, region):
        raise PermissionDenied
    response = HttpResponse(build_template(region), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="templat-impor-inovasi-{region.slug}.xlsx"'
    )
    return response


@login_required
def export(request: RegionRequest) -> FileResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise Http404
    year = resolve_year(request.GET.get("year"))
    return FileResponse(
        export_file(user=request.user, region=region, year=year, fmt=fmt),
        as_attachment=True,
        filename=export_filename(region, year, fmt),
        content_type=XLSX_CONTENT_TYPE if fmt == "xlsx" else CSV_CONTENT_TYPE,
    )


@login_required
def package(request: RegionRequest) -> FileResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    year = resolve_year(request.GET.get("year"))
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        build_package(user=request.user, region=region, year=year, target=target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=package_filename(region, year),
        content_type="application/zip",
    )
