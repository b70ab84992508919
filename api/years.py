"""The assessment year an API request is about: `?year=` or the current one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound, ValidationError

from rubric.years import available_years, current_year

if TYPE_CHECKING:
    from rest_framework.request import Request

YEAR_PARAMETER = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": 2000, "maximum": 2100},
    OpenApiParameter.QUERY,
    description=(
        "Assessment year (default: the current one). A year without a rubric answers 404 with "
        "the years there are (GET /api/v1/rubric/years/ lists them)."
    ),
)


def requested_year(request: Request) -> int:
    """The year named by `?year=`, or the current assessment year. Not a year at all is a 400;
    a year the schema allows but no rubric covers is a 404 naming the years there are (the
    rubric years are data, which the schema cannot list; silently showing another year would
    mislead)."""
    raw = request.query_params.get("year")
    if raw is None:
        return current_year()
    if not raw.isdigit():
        raise ValidationError({"year": [_("Tahun harus bilangan bulat, misalnya 2026.")]})
    years = available_years()
    if int(raw) not in years:
        raise NotFound(
            _("Tahun penilaian %(year)s tidak tersedia. Pilihan: %(years)s.")
            % {"year": raw, "years": ", ".join(str(year) for year in years)},
            code="year_not_available",
        )
    return int(raw)
