"""The assessment year an API request is about: `?year=` or the current one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from rubric.years import available_years, current_year

if TYPE_CHECKING:
    from rest_framework.request import Request

YEAR_PARAMETER = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": 2000, "maximum": 2100},
    OpenApiParameter.QUERY,
    description="Assessment year (default: the current one). Must be a rubric year.",
)


def requested_year(request: Request) -> int:
    """The year named by `?year=`, or the current assessment year; an unknown year is a 400
    (silently showing another year would mislead)."""
    raw = request.query_params.get("year")
    if raw is None or raw == "":
        return current_year()
    years = available_years()
    if not raw.isdigit() or int(raw) not in years:
        raise ValidationError(
            {
                "year": [
                    _("Tahun penilaian tidak tersedia. Pilihan: %(years)s.")
                    % {"years": ", ".join(str(year) for year in years)}
                ]
            }
        )
    return int(raw)
