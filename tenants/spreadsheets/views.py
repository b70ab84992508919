"""Impor & ekspor: the import template, the import itself, exports and the submission package.
Thin faces over template.py, importer.py, exporter.py and package.py."""

from __future__ import annotations

import tempfile
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.policy import Action, can, require
from imports.limits import DEFAULT_LIMITS, MB
from imports.models import ImportKind, RunStatus
from imports.preview import Preview
from imports.runs import (
    confirm_run,
    discard_run,
    progress_of,
    recent_runs,
    run_for,
    start_run,
)
from tenants.assessment.years import available_years, resolve_year
from tenants.spreadsheets.exporter import export_csv, export_filename, export_xlsx
from tenants.spreadsheets.forms import ImportForm
from tenants.spreadsheets.importer import can_import
from tenants.spreadsheets.package import build_package, package_filename
from tenants.spreadsheets.parsing import CLEAR_MARKER
from tenants.spreadsheets.template import build_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# More errors (or preview rows) than this are summarised: the table must stay readable.
ERRORS_SHOWN = 300
ROWS_SHOWN = 500


@login_required
def index(request: HttpRequest) -> HttpResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    may_import = can_import(request.user, region)
    form = ImportForm() if may_import else None
    errors = []
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
            "errors": errors[:ERRORS_SHOWN],
            "errors_total": len(errors),
            "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
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
def run(request: HttpRequest, run_id: UUID) -> HttpResponse:
    """The preview of an uploaded file; confirming applies it, discarding forgets it."""
    region = request.region
    import_run = run_for(request.user, region, ImportKind.INNOVATIONS, run_id)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            discard_run(import_run)
            messages.info(request, _("Impor dibatalkan; tidak ada data yang diubah."))
            return redirect("spreadsheets:index")
        if import_run.status == RunStatus.DISCARDED:
            raise Http404
        outcome = confirm_run(
            import_run, request.user, {"create_opds": request.POST.getlist("create_opd")}
        )
        if outcome.queued:
            messages.info(request, _("Impor dikonfirmasi; diterapkan di latar belakang."))
        elif outcome.preview_changed:
            messages.warning(
                request,
                _(
                    "Data berubah sejak pratinjau dibuat. Periksa pratinjau yang baru lalu konfirmasi lagi."
                ),
            )
        elif outcome.failed:
            messages.error(request, _("Impor dibatalkan: tidak ada data yang disimpan."))
        return redirect("spreadsheets:run", run_id=import_run.public_id)
    preview = Preview.from_json(import_run.preview)
    # Rejected rows first, then changes, new rows, and the unchanged ones last.
    order = {"reject": 0, "update": 1, "create": 2, "unchanged": 3}
    rows = sorted(preview.rows, key=lambda row: (order[row.action], row.row))
    result = import_run.result or {}
    return render(
        request,
        "spreadsheets/run.html",
        {
            "run": import_run,
            "preview": preview,
            "counts": preview.counts,
            "rows": rows[:ROWS_SHOWN],
            "rows_hidden": max(0, len(rows) - ROWS_SHOWN),
            "result": result,
            "result_errors": [
                {"row": row, "column": column, "message": message}
                for row, column, message in result.get("errors", [])
            ][:ERRORS_SHOWN]
            if result.get("failed")
            else [],
            "pending": import_run.status == RunStatus.PREVIEWED,
            "working": import_run.status in (RunStatus.CHECKING, RunStatus.APPLYING),
            "progress": progress_of(import_run)
            if import_run.status == RunStatus.CHECKING
            else None,
        },
    )


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    region = request.region
    if not can_import(request.user, region):
        raise PermissionDenied
    response = HttpResponse(build_template(region), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="templat-impor-inovasi-{region.slug}.xlsx"'
    )
    return response


@login_required
def export(request: HttpRequest) -> FileResponse:
    region = request.region
    require(request.user, Action.VIEW_REGION, region)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        raise Http404
    year = resolve_year(request.GET.get("year"))
    # A temporary file, not memory: FileResponse streams it and closing deletes it.
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    try:
        writer = export_xlsx if fmt == "xlsx" else export_csv
        writer(user=request.user, region=region, year=year, target=target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=export_filename(region, year, fmt),
        content_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8",
    )


@login_required
def package(request: HttpRequest) -> FileResponse:
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
