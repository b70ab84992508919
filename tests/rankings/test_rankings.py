"""Province and national rankings: order and ties, estimated versus official, who sees which
figures, drafts never exposed, exports, and a page cost that does not grow with regions."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as django_reverse
from django.utils import timezone
from openpyxl import load_workbook

from rankings.models import IndexSnapshot
from rankings.selectors import PUBLIC, Audience, Basis, Level, audience_for, ranking
from regions.models import Region
from rubric.years import current_year
from tests.rankings.ranking_data import KALSEL, SUMUT, official, snapshot

pytestmark = pytest.mark.django_db


def reverse(name: str, args=()) -> str:
    return django_reverse(name, args=args, urlconf="lumbung.urls_public")


@pytest.fixture
def year():
    return current_year()


@pytest.fixture
def kalsel_figures(year):
    """Estimates (full / verified-only) and last year's official results in Kalimantan Selatan;
    Tanah Bumbu and Balangan tie on the public figure."""
    snapshot("banjar", year, "72.40", verified="61.00", evidence_completeness=Decimal("0.80"))
    snapshot("tanah-bumbu", year, "58.10", verified="55.50")
    snapshot("balangan", year, "66.00", verified="55.50")
    snapshot("tabalong", year, "30.00", verified="20.00")
    official("banjar", year - 1, "60.00")
    official("tanah-bumbu", year - 1, "50.00")
    return year


def rows_by_slug(table):
    return {row.slug: row for row in table.rows}


def test_public_ranking_orders_by_the_verified_estimate_with_shared_ranks(kalsel_figures):
    province = Region.objects.get(slug=KALSEL)
    table = ranking(kalsel_figures, Level.KABKOTA, province=province)
    assert table.basis == Basis.ESTIMATE and not table.private
    ranked = [(row.slug, row.rank, row.index) for row in table.ranked]
    assert ranked == [
        ("banjar", 1, Decimal("61.00")),
        ("balangan", 2, Decimal("55.50")),  # ties share a rank, ordered by name
        ("tanah-bumbu", 2, Decimal("55.50")),
        ("tabalong", 4, Decimal("20.00")),
    ]
    # Every kab/kota of the province is listed; those without figures come last, unranked.
    assert table.scope_size == 13 and len(table.rows) == 13
    assert all(row.rank is None for row in table.rows[4:])
    rows = rows_by_slug(table)
    assert rows["banjar"].change == Decimal("1.00")  # 61.00 now against 60.00 official last year
    assert rows["banjar"].evidence_completeness is None  # drafts count there: private


def test_the_overseeing_province_sees_full_estimates(personas, kalsel_figures):
    province = Region.objects.get(slug=KALSEL)
    audience = audience_for(personas.province_viewer)
    table = ranking(kalsel_figures, Level.KABKOTA, province=province, audience=audience)
    assert table.private
    assert [row.slug for row in table.ranked][:3] == ["banjar", "balangan", "tanah-bumbu"]
    assert rows_by_slug(table)["banjar"].index == Decimal("72.40")
    assert rows_by_slug(table)["banjar"].evidence_completeness == Decimal("0.80")
    # ...but not those of another province.
    sumut = Region.objects.get(slug=SUMUT)
    snapshot("mandailing-natal", kalsel_figures, "70.00", verified="44.00")
    other = ranking(kalsel_figures, Level.KABKOTA, province=sumut, audience=audience)
    assert not other.private
    assert rows_by_slug(other)["mandailing-natal"].index == Decimal("44.00")


def test_official_results_rank_a_year_that_has_them(kalsel_figures):
    province = Region.objects.get(slug=KALSEL)
    official("banjar", kalsel_figures, "59.00")
    official("tanah-bumbu", kalsel_figures, "63.25", rank=40, rank_scope="national")
    table = ranking(kalsel_figures, Level.KABKOTA, province=province)
    assert table.basis == Basis.OFFICIAL
    assert table.official_sources == ["uji"]  # the page says where the results came from
    assert [(row.slug, row.rank) for row in table.ranked] == [("tanah-bumbu", 1), ("banjar", 2)]
    rows = rows_by_slug(table)
    assert rows["tanah-bumbu"].change == Decimal("13.25")
    assert rows["banjar"].estimate == Decimal("61.00")  # shown next to the official figure
    estimate = ranking(kalsel_figures, Level.KABKOTA, province=province, basis=Basis.ESTIMATE)
    assert estimate.ranked[0].slug == "banjar"


def test_the_page_calls_its_order_a_position_and_shows_the_published_rank(
    kalsel_figures, client_for
):
    official(
        "tanah-bumbu", kalsel_figures, "63.25", rank=53, rank_scope="kabupaten", rank_total=415
    )
    official("banjar", kalsel_figures, "59.00", status="provisional")
    url = reverse("rankings:province", args=[KALSEL])
    page = client_for(None).get(url, {"tahun": kalsel_figures}).content.decode()
    assert "Posisi" in page and "bukan peringkat resmi" in page
    assert "peringkat resmi 53/415 (antarkabupaten)" in page
    assert "sementara" in page


def test_demo_results_are_labelled_and_never_compared_with_real_ones(kalsel_figures):
    province = Region.objects.get(slug=KALSEL)
    official("banjar", kalsel_figures, "59.00")
    official("banjar", kalsel_figures - 1, "40.00", is_demo=True)
    official("tanah-bumbu", kalsel_figures, "63.25", is_demo=True)
    official("tanah-bumbu", kalsel_figures - 1, "50.00", is_demo=True)
    table = ranking(kalsel_figures, Level.KABKOTA, province=province)
    rows = rows_by_slug(table)
    assert rows["tanah-bumbu"].official_demo and not rows["banjar"].official_demo
    assert rows["banjar"].change is None  # a real year is not compared with a demo one
    assert rows["tanah-bumbu"].change == Decimal("13.25")  # demo with demo is, labelled


def test_predicate_filter_and_sorting_keep_each_regions_rank(kalsel_figures):
    province = Region.objects.get(slug=KALSEL)
    table = ranking(kalsel_figures, Level.KABKOTA, province=province, predicate="inovatif")
    assert [(row.slug, row.rank) for row in table.rows] == [
        ("banjar", 1),
        ("balangan", 2),
        ("tanah-bumbu", 2),
    ]
    assert table.predicate_counts == {"inovatif": 3, "kurang-inovatif": 1}
    by_name = ranking(kalsel_figures, Level.KABKOTA, province=province, sort="nama")
    names = [row.name for row in by_name.rows]
    assert names == sorted(names)
    worst_first = ranking(
        kalsel_figures, Level.KABKOTA, province=province, sort="indeks", descending=False
    )
    assert worst_first.rows[0].slug == "tabalong"


def test_provinsi_and_kab_kota_are_ranked_separately(kalsel_figures):
    snapshot(KALSEL, kalsel_figures, "50.00")
    provinces = ranking(kalsel_figures, Level.PROVINSI)
    assert provinces.scope_size == 38
    assert [row.slug for row in provinces.ranked] == [KALSEL]
    regencies = ranking(kalsel_figures, Level.KABKOTA)
    assert KALSEL not in {row.slug for row in regencies.rows}
    assert regencies.scope_size == 508  # 415 kabupaten + 93 kota: Jakarta's 6 are not pemda


def test_a_deactivated_province_no_longer_sees_private_figures(personas, kalsel_figures):
    from accounts.policy import Action, can

    province = Region.objects.get(slug=KALSEL)
    assert audience_for(personas.province_viewer).sees_region(Region.objects.get(slug="banjar"))
    Region.objects.filter(pk=province.pk).update(is_active=False)
    province.refresh_from_db()
    # The same answer as the policy gives page by page.
    assert not can(personas.province_viewer, Action.VIEW_PROVINCE_AGGREGATE, province)
    assert audience_for(personas.province_viewer) == PUBLIC


def test_platform_operators_see_every_estimate(personas, kalsel_figures):
    assert audience_for(personas.platform_admin) == Audience(everything=True)
    assert audience_for(personas.admin_a) == PUBLIC  # a kabupaten admin oversees no province
    assert audience_for(None) == PUBLIC


# --- pages ------------------------------------------------------------------------------------


def test_province_page_shows_the_viewer_private_figures_and_the_public_only_verified(
    personas, client_for, kalsel_figures
):
    url = reverse("rankings:province", args=[KALSEL])
    public = client_for(None).get(url)
    assert public.status_code == 200
    page = public.content.decode()
    assert "61,00" in page and "72,40" not in page  # Indonesian decimal comma
    assert "Kelengkapan bukti" not in page

    viewer = client_for(personas.province_viewer).get(url)
    page = viewer.content.decode()
    assert "72,40" in page and "80%" in page

    # The same viewer looking at another province sees its public figures only.
    snapshot("mandailing-natal", kalsel_figures, "70.00", verified="44.00")
    other = client_for(personas.province_viewer).get(reverse("rankings:province", args=[SUMUT]))
    page = other.content.decode()
    assert "44,00" in page and "70,00" not in page


def test_the_province_sees_its_kab_kota_innovations_and_innovating_opds_per_year(
    personas, client_for, kalsel_figures
):
    url = reverse("rankings:province", args=[KALSEL])
    viewer = client_for(personas.province_viewer).get(url).content.decode()
    assert "Tren inovasi kabupaten/kota" in viewer
    # Four kab/kota with data this year, 12 innovations and 4 innovating OPDs each.
    row = re.search(
        rf"<th scope=\"row\">{kalsel_figures}</th>(.*?)</tr>",
        viewer.split("innovation-trend-heading", 1)[1],
    ).group(1)
    assert re.findall(r'class="num">(\d+)<', row) == ["48", "16", "4"]
    public = client_for(None).get(url).content.decode()
    assert "Tren inovasi kabupaten/kota" not in public  # counts of drafts are the region's own


def test_ranking_pages_work_on_the_province_site_too(personas, client_for, kalsel_figures):
    province = Region.objects.get(slug=KALSEL)
    client = client_for(personas.province_viewer, province)
    home = client.get("/")
    page = home.content.decode()
    assert f'href="/peringkat/provinsi/{KALSEL}/"' in page
    # The province's home shows where its kab/kota stand (the viewer's private figures).
    assert 'id="province-ranking-summary"' in page
    assert "Kabupaten Banjar — 72,40" in page
    for path in (
        f"/peringkat/provinsi/{KALSEL}/",
        "/peringkat/",
        "/peringkat/daerah/tanah-bumbu/",
        f"/peringkat/provinsi/{KALSEL}/cetak/",
    ):
        assert client.get(path).status_code == 200, path


def test_national_page_filters_by_province_and_predicate(client_for, kalsel_figures):
    response = client_for(None).get(
        reverse("rankings:national"),
        {"tahun": kalsel_figures, "provinsi": KALSEL, "predikat": "kurang-inovatif"},
    )
    assert response.status_code == 200
    rows = response.context["ranking"].rows
    assert [row.slug for row in rows] == ["tabalong"]
    page = response.content.decode()
    assert 'id="ranking-charts"' in page
    # Both downloads, with the filters of the page.
    assert 'id="export-xlsx"' in page and 'id="export-csv"' in page
    assert "Excel berpengaturan Indonesia" in page


def test_unknown_province_is_not_found_and_a_bad_filter_says_so(client_for):
    assert client_for(None).get(reverse("rankings:province", args=["atlantis"])).status_code == 404
    response = client_for(None).get(reverse("rankings:national"), {"provinsi": "atlantis"})
    assert response.status_code == 200
    assert response.context["ranking"].province is None  # the rest of the page still works
    assert "atlantis bukan salah satu dari pilihan" in response.content.decode()


def test_region_page_lists_published_innovations_only(personas, client_for, region_a, year):
    from tests.registry.helpers import make_innovation
    from tests.replication.helpers import published_entry, verified_innovation

    published_entry(region_a, personas.admin_a, personas.opd_a, name="Inovasi Terbit")
    verified_innovation(region_a, personas.admin_a, personas.opd_a, name="Inovasi Terverifikasi")
    make_innovation(region_a, personas.admin_a, personas.opd_a, name="Inovasi Masih Draf")
    from tenants.scoring.snapshot import refresh

    refresh(region_a, year)
    client = client_for(None)
    response = client.get(reverse("rankings:region", args=["banjar"]))
    assert response.status_code == 200
    # The page loads its catalog section from the catalog (htmx), with a plain link without it.
    fragment_url = reverse("catalog:region-entries", args=["banjar"])
    assert f'hx-get="{fragment_url}"' in response.content.decode()
    entries = client.get(fragment_url)
    page = entries.content.decode()
    assert entries.status_code == 200
    assert "Inovasi Terbit" in page
    assert "Inovasi Terverifikasi" not in page and "Inovasi Masih Draf" not in page
    assert client.get(reverse("catalog:region-entries", args=["atlantis"])).status_code == 404
    stored = response.context["snapshot"]
    # The public counts verified work only; the draft is in the private total.
    assert stored.innovations_verified == 2 and stored.innovations == 3


def test_drafts_never_move_the_public_figures(personas, region_a, year):
    from tenants.scoring.snapshot import refresh
    from tests.registry.helpers import answer_with_pdf, current_report, make_innovation

    draft = make_innovation(region_a, personas.admin_a, personas.opd_a, name="Draf Bernilai")
    answer_with_pdf(region_a, personas.admin_a, current_report(region_a, draft), "SID-16", 3)
    stored = refresh(region_a, year)
    assert stored.innovations_verified == 0
    assert stored.verified_index <= stored.index


def test_printable_report_lists_every_kab_kota(client_for, kalsel_figures):
    response = client_for(None).get(
        reverse("rankings:province-report", args=[KALSEL]), {"tahun": kalsel_figures}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kabupaten Tanah Laut" in page and "Kota Banjarbaru" in page
    assert "print.css" in page


# --- exports ----------------------------------------------------------------------------------


def test_province_xlsx_export_opens_with_the_rows_of_the_table(client_for, kalsel_figures):
    response = client_for(None).get(
        reverse("rankings:province-export", args=[KALSEL, "xlsx"]),
        {"tahun": kalsel_figures, "predikat": "inovatif"},
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(values) if row[0] == "Peringkat")
    body = values[header_at + 1 :]
    assert [(row[0], row[2]) for row in body] == [
        (1, "Kabupaten Banjar"),
        (2, "Kabupaten Balangan"),
        (2, "Kabupaten Tanah Bumbu"),
    ]
    header = values[header_at]
    assert "Kelengkapan bukti (%)" not in header  # anonymous: no private column
    assert body[0][header.index("Indeks")] == 61


def test_national_csv_export_follows_the_filters(client_for, kalsel_figures, personas):
    response = client_for(personas.platform_admin).get(
        reverse("rankings:export", args=["csv"]), {"tahun": kalsel_figures, "provinsi": KALSEL}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    text = response.content.decode("utf-8-sig")
    assert text.startswith("Peringkat;Kode;Daerah;")  # ";" as Excel in Bahasa Indonesia wants
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert header[0] == "Peringkat" and "Kelengkapan bukti (%)" in header
    assert len(rows) == 1 + 13
    banjar = dict(zip(header, rows[1], strict=True))
    assert banjar["Daerah"] == "Kabupaten Banjar" and banjar["Indeks"] == "72,40"
    assert banjar["Kelengkapan bukti (%)"] == "80,00"  # real numbers get a decimal comma
    region = Region.objects.get(slug="banjar")
    assert banjar["Kode"] == region.code and "," not in banjar["Kode"]  # a code stays text
    computed = IndexSnapshot.objects.get(region=region, year=kalsel_figures).computed_at
    assert banjar["Dihitung pada (WIB)"] == f"{timezone.localtime(computed):%d/%m/%Y %H:%M}"


def test_the_csv_and_xlsx_exports_hold_the_same_rows(client_for, kalsel_figures, personas):
    client = client_for(personas.platform_admin)
    query = {"tahun": kalsel_figures, "provinsi": KALSEL}
    text = client.get(reverse("rankings:export", args=["csv"]), query).content.decode("utf-8-sig")
    csv_rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    content = client.get(reverse("rankings:export", args=["xlsx"]), query).content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = list(sheet.iter_rows())
    header_at = next(i for i, row in enumerate(cells) if row[0].value == "Peringkat")
    assert sheet.freeze_panes == f"A{header_at + 2}"
    assert [cell.value for cell in cells[header_at]] == csv_rows[0]
    assert all(cell.font.bold for cell in cells[header_at])
    body = cells[header_at + 1 :]
    assert len(body) == len(csv_rows) - 1 == 13
    index = body[0][csv_rows[0].index("Indeks")]
    assert index.data_type == "n" and index.value == 72.4 and index.number_format == "0.00"
    code = body[0][csv_rows[0].index("Kode")]
    assert code.data_type == "s" and code.value == csv_rows[1][1]
    assert body[0][csv_rows[0].index("Dihitung pada (WIB)")].is_date


def test_unknown_export_format_is_not_found(client_for):
    assert client_for(None).get(reverse("rankings:export", args=["pdf"])).status_code == 404


# --- cost -------------------------------------------------------------------------------------


def test_national_page_query_count_does_not_grow_with_regions(client_for, year):
    slugs = [region.slug for region in Region.objects.exclude(kind="provinsi")[:40]]
    for slug in slugs[:10]:
        snapshot(slug, year, "50.00")
        official(slug, year - 1, "45.00")
    client = client_for(None)
    url = reverse("rankings:national")
    client.get(url)  # warm per-process memos
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"tahun": year}).status_code == 200
    for slug in slugs[10:]:
        snapshot(slug, year, "60.00")
        official(slug, year - 1, "55.00")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"tahun": year}).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_national_page_shows_a_hundred_rows_a_page_and_exports_all(client_for, year):
    client = client_for(None)
    first = client.get(reverse("rankings:national"), {"tahun": year})
    assert len(first.context["rows"]) == 100
    last = client.get(reverse("rankings:national"), {"tahun": year, "halaman": 6})
    assert len(last.context["rows"]) == 8  # 508 kab/kota
    assert "halaman=5" in last.content.decode()
    exported = client.get(reverse("rankings:export", args=["csv"]), {"tahun": year})
    assert len(exported.content.decode("utf-8-sig").strip().splitlines()) == 1 + 508


def test_a_provinces_own_empty_workspace_estimate_is_not_shown_beside_its_kab_kota(
    personas, client_for, kalsel_figures
):
    snapshot(KALSEL, kalsel_figures, "0.00", innovations=0, innovations_verified=0)
    url = reverse("rankings:province", args=[KALSEL])
    page = client_for(personas.province_viewer).get(url).content.decode()
    standing = page.split('id="own-standing"')[1].split("</section>")[0]
    assert "0,00" not in standing
    snapshot(KALSEL, kalsel_figures, "41.20", innovations=3, innovations_verified=3)
    page = client_for(personas.province_viewer).get(url).content.decode()
    assert "41,20" in page.split('id="own-standing"')[1].split("</section>")[0]
