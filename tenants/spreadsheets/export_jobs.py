"""The innovations export and the submission package as export jobs (imports.exports): the
same writers, and the same rule of who may have them, as the "Impor & ekspor" page. The writer
runs as the job's author, so an OPD's people get their OPD's innovations, as on the page."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.policy import Action, can
from core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from imports.exports import Exporter, register
from imports.models import ExportJob, ExportKind
from rubric.years import available_years, current_year
from tenants.spreadsheets.exporter import export_csv, export_filename, export_xlsx
from tenants.spreadsheets.package import build_package, package_filename

if TYPE_CHECKING:
    from accounts.models import User
    from imports.runs import Progress
    from regions.models import Region

ZIP_CONTENT_TYPE = "application/zip"


def _may_export(user: User, region: Region | None) -> bool:
    # The page's rule (spreadsheets.views.export and .package): whoever may see the region.
    return region is not None and can(user, Action.VIEW_REGION, region)


def _year(parameters: dict[str, Any], region: Region | None) -> dict[str, Any]:
    """An assessment year the rubric covers (default: the current one)."""
    year = parameters.get("year")
    if year is None:
        return {"year": current_year()}
    years = available_years()
    if year not in years:
        message = _("Tahun penilaian %(year)s tidak tersedia. Pilihan: %(years)s.") % {
            "year": year,
            "years": ", ".join(str(item) for item in years),
        }
        raise ValidationError({"year": ValidationError(message, code="year_not_available")})
    return {"year": int(year)}


def _region(job: ExportJob) -> Region:
    assert job.region is not None  # needs_region: only asked for on a region's site
    return job.region


def _write_innovations(job: ExportJob, target: IO[bytes], progress: Progress) -> str:
    region, year = _region(job), job.parameters["year"]
    writer = export_xlsx if job.file_type == "xlsx" else export_csv
    writer(user=job.created_by, region=region, year=year, target=target)
    return export_filename(region, year, job.file_type)


def _write_package(job: ExportJob, target: IO[bytes], progress: Progress) -> str:
    region, year = _region(job), job.parameters["year"]
    build_package(user=job.created_by, region=region, year=year, target=target, progress=progress)
    return package_filename(region, year)


def register_export_jobs() -> None:
    register(
        ExportKind.INNOVATIONS,
        Exporter(
            file_types=("xlsx", "csv"),
            needs_region=True,
            allowed=_may_export,
            clean=_year,
            write=_write_innovations,
            content_types={"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE},
        ),
    )
    register(
        ExportKind.PACKAGE,
        Exporter(
            file_types=("zip",),
            needs_region=True,
            allowed=_may_export,
            clean=_year,
            write=_write_package,
            content_types={"zip": ZIP_CONTENT_TYPE},
        ),
    )
