"""The preview page of an import run, shared by every importer: GET shows the preview (or the
progress of a worker), POST confirms or discards. Each importer's view finds the run through
imports.runs.run_for (the one access rule) and passes the words of its own page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from imports.models import ImportRun, RunStatus
from imports.preview import Action, Preview
from imports.runs import confirm_run, discard_run, progress_of

# More preview rows or errors than this are summarised: the table must stay readable.
ROWS_SHOWN = 500
ERRORS_SHOWN = 300
# Rejected rows first, then changes, new rows, and the unchanged ones last.
ORDER = {Action.REJECT: 0, Action.UPDATE: 1, Action.CREATE: 2, Action.UNCHANGED: 3}


def error_context(errors: list) -> dict[str, Any]:
    """What core/_import_errors.html needs for a refused file: the first ERRORS_SHOWN errors,
    how many there are and how many are not listed."""
    return {
        "errors": errors[:ERRORS_SHOWN],
        "errors_total": len(errors),
        "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
    }


def run_page(
    request: HttpRequest,
    run: ImportRun,
    *,
    back_url: str,
    page: dict[str, Any],
    choices: dict[str, Any] | None = None,
) -> HttpResponse:
    """`page` holds back_label, item_heading, summary (the applied result in words), and
    optionally done_url/done_label; `choices` what the confirmation form chose."""
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            discard_run(run)
            messages.info(request, _("Impor dibatalkan; tidak ada data yang diubah."))
            return redirect(back_url)
        if run.status == RunStatus.DISCARDED:
            raise Http404
        user = request.user
        assert user.is_authenticated  # the caller found the run with run_for: its signed-in author
        outcome = confirm_run(run, user, choices or {})
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
        return redirect(request.path)
    preview = Preview.from_json(run.preview)
    rows = sorted(preview.rows, key=lambda row: (ORDER[row.action], row.row))
    result = run.result or {}
    errors = [
        {"row": row, "column": column, "message": message}
        for row, column, message in result.get("errors", [])
    ]
    return render(
        request,
        "imports/run.html",
        {
            **page,
            "back_url": back_url,
            "run": run,
            "preview": preview,
            "counts": preview.counts,
            "rows": rows[:ROWS_SHOWN],
            "rows_hidden": max(0, len(rows) - ROWS_SHOWN),
            "result": result,
            "result_errors": errors[:ERRORS_SHOWN] if result.get("failed") else [],
            "pending": run.status == RunStatus.PREVIEWED,
            "working": run.status in (RunStatus.CHECKING, RunStatus.APPLYING),
            "progress": progress_of(run) if run.status == RunStatus.CHECKING else None,
        },
    )
