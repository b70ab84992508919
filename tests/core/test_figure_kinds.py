"""Issue #17: one region read 18,40 in the catalog, 20,35 on its dashboard and 16,81 as official,
told apart only in small print. Every page showing an index figure names its kind with the one
tag (core.figure_kinds): the same kind has the same name, with its explanation, on every page."""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest
from django.utils import translation

from core.figure_kinds import ESTIMATE, FIGURE_KINDS, OFFICIAL, VERIFIED
from replication.catalog.models import CatalogEntry
from rubric.years import current_year
from tests.rankings.ranking_data import KALSEL, official, snapshot
from tests.registry.helpers import make_innovation
from tests.replication.helpers import published_entry

# A kind's name as the tag renders it: a <details> whose <summary> is the name, or (printed
# pages) a span or legend term holding the name alone.
NAMED = re.compile(
    r'data-figure-kind="(?P<kind>\w+)"[^>]*>\s*(?:<summary>)?(?P<name>[^<]+)<'
    r"(?:/summary>\s*<small>(?P<explanation>[^<]+)<)?"
)


def kinds_on(page: str) -> dict[str, set[tuple[str, str | None]]]:
    found: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for match in NAMED.finditer(page):
        explanation = match["explanation"]
        found[match["kind"]].add(
            (html.unescape(match["name"]).strip(), explanation and html.unescape(explanation))
        )
    return found


@pytest.fixture
def pages(personas, region_a, client_for):
    """Every kind of page that shows an index figure, as the people who see each figure."""
    year = current_year()
    snapshot("banjar", year, "20.35", verified="18.40")
    snapshot("tanah-bumbu", year, "58.10", verified="55.50")
    snapshot(KALSEL, year, "40.00", verified="35.00")
    official("banjar", year, "16.81")
    official(KALSEL, year, "45.00")
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    entry = published_entry(region_a, personas.admin_a, personas.opd_a, name="Jemput Bola")
    CatalogEntry.objects.filter(pk=entry.pk).update(
        region_index="18.40", region_predicate="kurang-inovatif", region_predicate_label="Kurang"
    )
    public = client_for(None)
    overseer = client_for(personas.province_viewer)
    member = client_for(personas.admin_a, region_a)
    operator = client_for(personas.platform_admin)
    on_page = {
        "national ranking": public.get("/peringkat/", {"tahun": year}),
        "national ranking by estimate": public.get(
            "/peringkat/", {"tahun": year, "dasar": "estimasi"}
        ),
        "province ranking": public.get(f"/peringkat/provinsi/{KALSEL}/", {"tahun": year}),
        "province ranking, its overseer": overseer.get(
            f"/peringkat/provinsi/{KALSEL}/", {"tahun": year}
        ),
        "printed province report": overseer.get(
            f"/peringkat/provinsi/{KALSEL}/cetak/", {"tahun": year}
        ),
        "region standing": public.get("/peringkat/daerah/banjar/", {"tahun": year}),
        "region standing, its overseer": overseer.get("/peringkat/daerah/banjar/", {"tahun": year}),
        "catalog entry": public.get(f"/katalog/{entry.public_id}/"),
        "official results": operator.get("/peringkat/hasil-resmi/", {"tahun": year}),
        "dashboard": member.get("/dasbor/"),
        "region home": member.get("/"),
        "readiness": member.get("/dasbor/siap-kirim/"),
        "innovation": member.get(f"/inovasi/{innovation.pk}/"),
    }
    for name, response in on_page.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in on_page.items()}


EXPECTED = {
    "national ranking": {OFFICIAL, VERIFIED},
    "national ranking by estimate": {OFFICIAL, VERIFIED},
    "province ranking": {OFFICIAL, VERIFIED},
    "province ranking, its overseer": {OFFICIAL, ESTIMATE},
    "printed province report": {OFFICIAL, ESTIMATE},
    "region standing": {OFFICIAL, VERIFIED},
    "region standing, its overseer": {OFFICIAL, ESTIMATE},
    "catalog entry": {VERIFIED},
    "official results": {OFFICIAL},
    "dashboard": {ESTIMATE},
    "region home": {ESTIMATE},
    "readiness": {ESTIMATE},
    "innovation": {ESTIMATE},
}


def test_every_page_names_the_kind_of_each_index_figure(pages):
    assert {name: set(kinds_on(page)) for name, page in pages.items()} == EXPECTED


def test_a_kind_has_the_same_name_and_explanation_on_every_page(pages):
    names: dict[str, set[str]] = defaultdict(set)
    explanations: dict[str, set[str]] = defaultdict(set)
    for page in pages.values():
        for kind, shown in kinds_on(page).items():
            for name, explanation in shown:
                names[kind].add(name)
                if explanation:
                    explanations[kind].add(explanation)
    assert names == {code: {str(kind.label)} for code, kind in FIGURE_KINDS.items()}
    assert explanations == {code: {str(kind.explanation)} for code, kind in FIGURE_KINDS.items()}
    assert len({str(kind.label) for kind in FIGURE_KINDS.values()}) == 3  # three names


def test_the_catalog_no_longer_calls_the_verified_figure_an_estimate(pages):
    # The catalog shows the index over verified reports only; it said "perkiraan indeks".
    catalog = pages["catalog entry"]
    assert "Predikat daerah: Kurang (indeks 18,40)" in catalog
    assert "perkiraan indeks" not in catalog.lower()
    # Nor do the rankings keep the retired names beside the tags.
    for name in ("national ranking", "province ranking", "region standing"):
        assert "estimasi terverifikasi" not in pages[name].lower(), name


def test_the_kinds_are_named_in_english_too():
    with translation.override("en"):
        assert [str(kind.label) for kind in FIGURE_KINDS.values()] == [
            "Estimate",
            "Verified",
            "Official",
        ]
