"""The change history as an export job (imports.exports): the page's filters, writers and rule
(Action.VIEW_HISTORY), written by a worker instead of in the request."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.policy import Action, can
from core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from imports.exports import Exporter, register
from imports.models import ExportJob, ExportKind
from tenants.history.access import readable_subjects
from tenants.history.export import export_csv, export_filename, export_xlsx
from tenants.history.forms import ChangeFilterForm
from tenants.history.selectors import change_list

if TYPE_CHECKING:
    from accounts.models import User
    from imports.runs import Progress
    from regions.models import Region

FILTERS = ("innovation", "subject", "year", "actor")


def _may_export(user: User, region: Region | None) -> bool:
    return region is not None and can(user, Action.VIEW_HISTORY, region)


def _filters(parameters: dict[str, Any], region: Region | None) -> dict[str, Any]:
    # Kept as the page's query string would carry them; the page's form reads them.
    return {name: parameters[name] for name in FILTERS if parameters.get(name) not in (None, "")}


def _region(job: ExportJob) -> Region:
    assert job.region is not None  # needs_region: only asked for on a region's site
    return job.region


def _write(job: ExportJob, target: IO[bytes], progress: Progress) -> str:
    region = _region(job)
    filters = ChangeFilterForm(job.parameters).filters()
    with tenant_context(region):
        # The subjects the asker may read, as on the page (tenants.history.access).
        subjects = readable_subjects(job.created_by, region)
        changes = change_list(subjects=subjects, **filters).iterator(chunk_size=2000)
        (export_xlsx if job.file_type == "xlsx" else export_csv)(changes, target)
    return export_filename(region, timezone.localdate(job.created_at), job.file_type)


def register_export_job() -> None:
    register(
        ExportKind.HISTORY,
        Exporter(
            file_types=("csv", "xlsx"),
            needs_region=True,
            allowed=_may_export,
            clean=_filters,
            write=_write,
            content_types={"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE},
        ),
    )
