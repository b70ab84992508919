"""A ranking as an export job (imports.exports): the table the ranking API and pages give this
person (`selectors.audience_for` decides whether its estimates count unverified work), written
by core.tables as the pages' downloads are.

Rankings are public, but a job keeps a file for the one who asked: it needs a signed-in user,
on the public site or any region's. Anonymous visitors download the page's export or read
GET /api/v1/rankings/, which need no job."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from imports.exports import Exporter, register
from imports.models import ExportJob, ExportKind
from rankings.exports import filename, write_ranking
from rankings.selectors import (
    Level,
    Ranking,
    audience_for,
    default_ranking_year,
    ranking,
    ranking_years,
)
from regions.selectors import province_by_slug
from rubric.years import current_year

if TYPE_CHECKING:
    from accounts.models import User
    from imports.runs import Progress
    from regions.models import Region


def _signed_in(user: User, region: Region | None) -> bool:
    return user.is_authenticated and user.is_active


def _clean(parameters: dict[str, Any], region: Region | None) -> dict[str, Any]:
    years = ranking_years()
    year = parameters.get("year")
    if year is None:
        year = default_ranking_year(years)
    elif year not in years and year != current_year():
        message = _("Belum ada angka untuk tahun %(year)s. Tahun yang ada: %(years)s.") % {
            "year": year,
            "years": ", ".join(str(item) for item in years) or "-",
        }
        raise ValidationError({"year": ValidationError(message, code="year_not_available")})
    province = parameters.get("province") or ""
    if province and province_by_slug(province) is None:
        raise ValidationError(
            {"province": ValidationError(_("Provinsi tidak ditemukan."), code="not_found")}
        )
    return {
        "year": year,
        "level": parameters.get("level") or Level.KABKOTA,
        "province": province,
        "predicate": parameters.get("predicate") or "",
        "basis": parameters.get("basis") or "",
        "ordering": parameters.get("ordering") or "",
        "search": parameters.get("search") or "",
    }


def _table(job: ExportJob) -> Ranking:
    values = job.parameters
    ordering = values["ordering"]
    province = province_by_slug(values["province"]) if values["province"] else None
    return ranking(
        values["year"],
        values["level"],
        audience=audience_for(job.created_by),
        province=province,
        predicate=values["predicate"],
        basis=values["basis"],
        sort=ordering.lstrip("-") or "peringkat",
        descending=ordering.startswith("-") if ordering else None,
        search=values["search"],
    )


def _write(job: ExportJob, target: IO[bytes], progress: Progress) -> str:
    table = _table(job)
    write_ranking(table, job.file_type, target)
    return filename(table, job.file_type)


def register_export_job() -> None:
    register(
        ExportKind.RANKINGS,
        Exporter(
            file_types=("xlsx", "csv"),
            needs_region=False,
            allowed=_signed_in,
            clean=_clean,
            write=_write,
            content_types={"xlsx": XLSX_CONTENT_TYPE, "csv": CSV_CONTENT_TYPE},
        ),
    )
