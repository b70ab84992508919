"""A ranking is computed once per change of its figures (issue #19): later requests reuse the
ranked rows, a committed change is seen by the next request, and what a transaction saw of its
own uncommitted writes is never reused after a rollback.

These tests commit (the memo keeps only committed figures), so they clean up after themselves."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from rankings.models import IndexSnapshot
from rankings.selectors import ranking, scope_trend
from regions.selectors import province_for
from tests.conftest import assert_test_database
from tests.rankings.ranking_data import KALSEL, snapshot

# A year no other test writes figures for.
YEAR = 2011


@pytest.fixture
def committed(django_db_blocker):
    with django_db_blocker.unblock():
        assert_test_database()
        try:
            yield
        finally:
            IndexSnapshot.objects.filter(year=YEAR).delete()


def _banjar(table) -> Decimal | None:
    return next(row.index for row in table.rows if row.slug == "banjar")


def test_a_ranking_is_reused_until_its_figures_change(committed):
    kalsel = province_for(KALSEL)
    snapshot("banjar", YEAR, "50.00")
    first = ranking(YEAR, province=kalsel)
    assert _banjar(first) == Decimal("50.00")

    with CaptureQueriesContext(connection) as queries:
        again = ranking(YEAR, province=kalsel, sort="nama")
        scope_trend(province=kalsel)
        scope_trend(province=kalsel)
    # The trend's two aggregates once, and otherwise only the figures' version per call.
    assert len(queries) == 3 + 2
    assert again.rows[0] in first.rows  # the same ranked rows, only sorted otherwise

    snapshot("banjar", YEAR, "70.00")
    after = ranking(YEAR, province=kalsel)
    assert _banjar(after) == Decimal("70.00")
    assert after.rows[0].rank == 1


def test_what_a_rolled_back_transaction_saw_is_never_reused(committed):
    kalsel = province_for(KALSEL)
    snapshot("banjar", YEAR, "50.00")
    with transaction.atomic():
        snapshot("banjar", YEAR, "90.00")
        assert _banjar(ranking(YEAR, province=kalsel)) == Decimal("90.00")
        # Its version could be reached again by other commits after the rollback: not kept.
        with CaptureQueriesContext(connection) as queries:
            ranking(YEAR, province=kalsel)
        assert len(queries) == 1 + 3
        transaction.set_rollback(True)
    assert _banjar(ranking(YEAR, province=kalsel)) == Decimal("50.00")
    # Another region's commit raises the version again: still the committed figures.
    snapshot("tanah-bumbu", YEAR, "40.00")
    assert _banjar(ranking(YEAR, province=kalsel)) == Decimal("50.00")
