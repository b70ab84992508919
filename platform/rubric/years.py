"""Which assessment year a page or request is about."""

from __future__ import annotations

from django.utils import timezone

from rubric.models import RubricYear


def available_years() -> list[int]:
    return list(RubricYear.objects.order_by("-year").values_list("year", flat=True))


def current_year() -> int:
    """The newest rubric year not in the future (the year being reported now)."""
    years = available_years()
    this_year = timezone.localdate().year
    for year in years:
        if year <= this_year:
            return year
    return years[-1] if years else this_year


def is_open(year: int) -> bool:
    """Is `year`'s report still open to new facts? The year being reported now (and any later
    one) is; earlier years were assessed and their results published, so facts dated in them
    are shown but not counted."""
    return year >= current_year()


def resolve_year(requested: object) -> int:
    """A year from a query parameter, falling back to the current one when absent or unknown."""
    try:
        year = int(str(requested))
    except (TypeError, ValueError):
        return current_year()
    return year if year in available_years() else current_year()
