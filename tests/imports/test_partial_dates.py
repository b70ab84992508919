"""Dates as officials write them are kept with their precision and shown as written."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.partial_dates import (
    PartialDateError,
    format_partial,
    parse_partial_date,
    surely_before,
)


@pytest.mark.parametrize(
    ("written", "value", "precision", "shown"),
    [
        ("2 Februari 2021", date(2021, 2, 1).replace(day=2), "day", "2 Februari 2021"),
        ("2 Pebruari 2021", date(2021, 2, 2), "day", "2 Februari 2021"),
        ("02 feb. 2021", date(2021, 2, 2), "day", "2 Februari 2021"),
        ("Februari 2021", date(2021, 2, 1), "month", "Februari 2021"),
        ("Agt 2022", date(2022, 8, 1), "month", "Agustus 2022"),
        ("2021", date(2021, 1, 1), "year", "2021"),
        (2021, date(2021, 1, 1), "year", "2021"),
        ("IGA 2023", date(2023, 1, 1), "year", "2023"),
        ("Tahun 2019", date(2019, 1, 1), "year", "2019"),
        ("2021/02/02", date(2021, 2, 2), "day", "2 Februari 2021"),
        ("02/03/2021", date(2021, 3, 2), "day", "2 Maret 2021"),
        ("2021-03-02", date(2021, 3, 2), "day", "2 Maret 2021"),
        ("03/2021", date(2021, 3, 1), "month", "Maret 2021"),
        (datetime(2021, 3, 2, 10, 0), date(2021, 3, 2), "day", "2 Maret 2021"),
    ],
)
def test_written_dates_are_read_with_their_precision(written, value, precision, shown):
    parsed = parse_partial_date(written)
    assert (parsed.value, parsed.precision, str(parsed)) == (value, precision, shown)


@pytest.mark.parametrize(
    "written", ["31 Februari 2021", "kemarin", "2021 2022", "13/13/2021", "1800", "Februari"]
)
def test_what_is_not_a_date_is_refused(written):
    with pytest.raises(PartialDateError):
        parse_partial_date(written)


def test_periods_are_compared_not_their_first_days():
    year = date(2021, 1, 1)
    assert not surely_before(year, "year", date(2021, 2, 2), "day")  # 2021 may be after 2 Feb
    assert surely_before(year, "year", date(2022, 3, 1), "month")
    assert surely_before(date(2021, 2, 1), "month", date(2021, 3, 1), "day")
    assert format_partial(None) == ""
