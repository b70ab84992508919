"""Dates as officials write them: a day, a month ("Februari 2021") or only a year ("2021", "IGA
2023"). The date is stored as the first day of its period together with its precision, and shown
as it was written; comparisons between two dates respect both periods (a year is not "before" a
day inside it)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

FIRST_YEAR, LAST_YEAR = 1945, 2100


class DatePrecision(models.TextChoices):
    DAY = "day", _("tanggal")
    MONTH = "month", _("bulan")
    YEAR = "year", _("tahun")


# Indonesian month names with the abbreviations seen in regions' sheets; English ones too, because
# spreadsheets set to an English locale write them.
MONTHS: dict[str, int] = {}
for number, names in enumerate(
    (
        ("januari", "jan", "january"),
        ("februari", "feb", "pebruari", "peb", "february"),
        ("maret", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agu", "agt", "agust", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nov", "nop", "nopember"),
        ("desember", "des", "dec", "december"),
    ),
    start=1,
):
    for name in names:
        MONTHS[name] = number

MONTH_NAMES_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]

_NUMERIC = (
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$"), ("day", "month", "year")),
    (re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$"), ("year", "month", "day")),
    (re.compile(r"^(\d{1,2})[/.\-](\d{4})$"), ("month", "year")),
    (re.compile(r"^(\d{4})[/.\-](\d{1,2})$"), ("year", "month")),
)
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(\d{4})$")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
# Words allowed around a lone year: "IGA 2023", "Tahun 2021", "TA 2022", "sejak 2019".
_YEAR_WORDS = re.compile(r"^[a-z .]*$")


@dataclass(frozen=True)
class PartialDate:
    value: date
    precision: str = DatePrecision.DAY

    def __str__(self) -> str:
        return format_partial(self.value, self.precision)


class PartialDateError(ValueError):
    pass


def parse_partial_date(raw: Any) -> PartialDate:
    """A day, a month or a year, from a cell or a form. Raises PartialDateError when the text is
    not a date or names an impossible one (31 Februari)."""
    if isinstance(raw, datetime):
        return PartialDate(raw.date())
    if isinstance(raw, date):
        return PartialDate(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        raw = str(int(raw))  # a year typed as a number
    text = " ".join(str(raw).casefold().replace(",", " ").split())
    for pattern, parts in _NUMERIC:
        match = pattern.match(text)
        if match:
            values = dict(zip(parts, (int(group) for group in match.groups()), strict=True))
            return _build(values.get("day"), values["month"], values["year"])
    match = _WORDS.match(text)
    if match and match.group(2) in MONTHS:
        day = int(match.group(1)) if match.group(1) else None
        return _build(day, MONTHS[match.group(2)], int(match.group(3)))
    years = _YEAR.findall(text)
    if len(years) == 1 and _YEAR_WORDS.match(_YEAR.sub("", text)):
        return _build(None, None, int(years[0]))
    raise PartialDateError(text)


def _build(day: int | None, month: int | None, year: int) -> PartialDate:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PartialDateError(str(year))
    try:
        if month is None:
            return PartialDate(date(year, 1, 1), DatePrecision.YEAR)
        if day is None:
            return PartialDate(date(year, month, 1), DatePrecision.MONTH)
        return PartialDate(date(year, month, day), DatePrecision.DAY)
    except ValueError as exc:
        raise PartialDateError(str(exc)) from None


def format_partial(value: date | None, precision: str = DatePrecision.DAY) -> str:
    """As written: "2 Februari 2021", "Februari 2021" or "2021" (Indonesian month names: the
    national form's language, also in exports)."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    month = MONTH_NAMES_ID[value.month - 1]
    if precision == DatePrecision.MONTH:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


def display_partial(value: date | None, precision: str = DatePrecision.DAY) -> str:
    """For pages, in the interface's language: "2 Februari 2021" / "2 February 2021"."""
    from django.utils.formats import date_format

    if value is None:
        return ""
    patterns: dict[str, str] = {DatePrecision.YEAR: "Y", DatePrecision.MONTH: "F Y"}
    pattern = patterns.get(precision, "j F Y")
    return date_format(value, pattern)


def period(value: date, precision: str = DatePrecision.DAY) -> tuple[date, date]:
    """The first and the last day that the written date may mean."""
    if precision == DatePrecision.YEAR:
        return date(value.year, 1, 1), date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return date(value.year, value.month, 1), date(value.year, value.month, last)
    return value, value


def surely_before(earlier: date, earlier_precision: str, later: date, later_precision: str) -> bool:
    """True only when every day `earlier` may mean comes before every day `later` may mean."""
    return period(earlier, earlier_precision)[1] < period(later, later_precision)[0]
