"""The year's rubric is kept per process (rubric.selectors.year_rubric): a copy reloaded only
because it expired stays the same object while its values are the same, so what is kept per
rubric elsewhere (a region's score) is not computed again every RUBRIC_CACHE_SECONDS; a change
of any value still gives the new rubric."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rubric import selectors
from rubric.models import Indicator
from rubric.selectors import year_rubric


@pytest.fixture
def expire(settings, db):
    settings.RUBRIC_CACHE_SECONDS = 300
    selectors._memo.clear()

    def make_it_expire(year: int) -> None:
        version, _expiry, rubric = selectors._memo[year]
        selectors._memo[year] = (version, 0.0, rubric)

    yield make_it_expire
    selectors._memo.clear()


def test_an_expired_copy_with_the_same_values_stays_the_same_object(expire):
    first = year_rubric(2026)
    assert first is not None and year_rubric(2026) is first
    expire(2026)
    assert year_rubric(2026) is first


def test_a_changed_value_reloads_past_the_kept_object(expire):
    first = year_rubric(2026)
    assert first is not None
    code = next(iter(first.indicators))
    # Written past the signals that bump the shared version: only the expiry reloads it.
    Indicator.objects.filter(rubric__year=2026, code=code).update(weight=Decimal("9.99"))
    assert year_rubric(2026) is first
    expire(2026)
    reloaded = year_rubric(2026)
    assert reloaded is not first
    assert reloaded is not None and reloaded.indicators[code].weight == Decimal("9.99")
