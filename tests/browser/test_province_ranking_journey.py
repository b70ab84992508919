"""The province ranking in a real browser: the Kalimantan Selatan province viewer opens the
ranking from the province site, sees the charts drawn, filters by predicate, exports the table as
xlsx and opens Tanah Bumbu's page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from tests.browser.conftest import screenshot
from tests.browser.test_replication_journey import sign_in
from tests.conftest import PROVINCE, assert_test_database
from tests.rankings.ranking_data import official, snapshot

pytestmark = pytest.mark.browser

VIEWER = "pemantau.peringkat@peramban.test"


@pytest.fixture
def kalsel_snapshots(django_db_blocker):
    """Committed figures for four Kalsel kabupaten (the live server runs in another process).
    Tanah Bumbu is Sangat Inovatif by its full estimate, only Inovatif by verified work."""
    from rankings.models import IndexSnapshot, OfficialResult
    from rubric.years import current_year

    with django_db_blocker.unblock():
        assert_test_database()
        year = current_year()
        made = [
            snapshot("banjar", year, "68.50", verified="66.00"),
            snapshot("tanah-bumbu", year, "70.25", verified="52.00"),
            snapshot("balangan", year, "45.00"),
            snapshot("tabalong", year, "20.00"),
        ]
        previous = official("tanah-bumbu", year - 1, "61.00")
    yield year
    with django_db_blocker.unblock():
        IndexSnapshot.objects.filter(pk__in=[item.pk for item in made]).delete()
        OfficialResult.objects.filter(pk=previous.pk).delete()


def test_province_viewer_ranks_filters_exports_and_drills_down(
    page, live_port, committed_member, kalsel_snapshots, tmp_path
):
    committed_member(PROVINCE, Role.PROVINCE_VIEWER, VIEWER)
    site = f"http://{PROVINCE}.localhost:{live_port}"
    sign_in(page, site, VIEWER)

    page.get_by_role("link", name="Peringkat", exact=True).click()
    page.wait_for_url(re.compile(rf"/peringkat/provinsi/{PROVINCE}/"))
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Peringkat kabupaten/kota Provinsi Kalimantan Selatan")
    )
    # The vendored Chart.js drew the charts (no CDN).
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-ranking')")
    assert page.evaluate("() => Chart.getChart('chart-predicates').data.labels.length") == 3
    first = page.locator("#ranking-table tbody tr").first
    assert "Tanah Bumbu" in first.inner_text()  # the viewer sees the full estimate: 70,25

    page.get_by_label("Predikat", exact=True).select_option(label="Sangat Inovatif")
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(r"predikat=sangat-inovatif"))
    rows = page.locator("#ranking-table tbody tr")
    assert rows.count() == 2
    assert [rows.nth(i).get_attribute("data-region") for i in range(2)] == [
        "tanah-bumbu",
        "banjar",
    ]
    screenshot(page, "province-ranking")

    with page.expect_download() as download_info:
        page.locator("#export-xlsx").click()
    target = tmp_path / "peringkat.xlsx"
    download_info.value.save_as(target)
    sheet = load_workbook(target).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if row[0] == "Peringkat")
    body = values[header_at + 1 :]
    assert [(row[0], row[2]) for row in body] == [
        (1, "Kabupaten Tanah Bumbu"),
        (2, "Kabupaten Banjar"),
    ]
    assert Decimal(str(body[0][values[header_at].index("Indeks")])) == Decimal("70.25")

    page.get_by_role("link", name="Kabupaten Tanah Bumbu").click()
    page.wait_for_url(re.compile(r"/peringkat/daerah/tanah-bumbu/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Kabupaten Tanah Bumbu"
    standing = page.locator("#region-standing").inner_text()
    assert "61,00" in standing and "70,25" in standing
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-trend')")
