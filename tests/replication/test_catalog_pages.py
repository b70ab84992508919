"""The catalog pages and API: open to everyone on the public site and on every region's host,
never showing an unpublished innovation, documents only while published, a call to action
that fits who is looking."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django_tenants.utils import tenant_context

from replication.catalog import search_vocabulary
from replication.catalog.models import CatalogEntry
from replication.requests.services import request_create
from tenants.innovations.models import Innovation
from tenants.publishing.services import add_document, remove_document, unpublish
from tests.conftest import make_opd
from tests.effects import apply_effects
from tests.registry.helpers import PDF_BYTES, pdf
from tests.replication.helpers import agreement_steps, letter, published_entry, verified_innovation


@pytest.fixture
def entry(personas, region_a):
    return published_entry(
        region_a,
        personas.admin_a,
        personas.opd_a,
        name="Jemput Bola Adminduk",
        benefits="Layanan akta kelahiran langsung di desa.",
    )


def innovation_of(region, entry) -> Innovation:
    with tenant_context(region):
        return Innovation.objects.get(pk=entry.innovation_id)


def detail_url(entry) -> str:
    return f"/katalog/{entry.public_id}/"


@pytest.mark.parametrize("host", ["public", "region_a", "region_b"])
def test_anyone_browses_the_catalog_on_every_host(entry, client_for, host, region_a, region_b):
    region = {"public": None, "region_a": region_a, "region_b": region_b}[host]
    client = client_for(None, region)
    page = client.get("/katalog/", {"q": "pelayanan"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Jemput Bola Adminduk" in text and "<mark>Layanan</mark>" in text
    assert 'id="facet-affair"' in text and "Kesehatan" in text
    detail = client.get(detail_url(entry))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Kabupaten Banjar" in text and "inovasi@daerah.test" in text
    assert "Masuk untuk mengajukan replikasi" in text


def test_search_page_htmx_answers_the_fragment(entry, client_for):
    client = client_for(None)
    full = client.get("/katalog/", {"affair": "kesehatan"})
    assert "<html" in full.content.decode()
    fragment = client.get("/katalog/", {"affair": "kesehatan"}, HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text and "Jemput Bola Adminduk" in text
    assert 'value="kesehatan" checked' in text
    assert "HX-Request" in fragment["Vary"]


def test_search_page_filters_sort_and_paging_links(personas, region_a, client_for):
    for number in range(22):
        CatalogEntry.objects.create(
            region=region_a,
            province=region_a.province,
            innovation_id=100_000 + number,
            name=f"Inovasi {number:02d}",
            opd_name="Dinas",
            stage="implementation",
            form="public_service",
            affair="kesehatan",
            affair_name="Kesehatan",
            year=2026,
            published_at="2026-01-01T00:00:00Z",
        )
    page = client_for(None).get("/katalog/", {"affair": "kesehatan", "sort": "newest"})
    text = page.content.decode()
    assert "22 inovasi" in text and "Halaman 1 dari 2" in text
    assert "?sort=newest&amp;affair=kesehatan&amp;page=2" in text
    second = client_for(None).get("/katalog/", {"affair": "kesehatan", "page": "2"})
    assert "Halaman 2 dari 2" in second.content.decode()
    assert client_for(None).get("/katalog/", {"page": "x"}).status_code == 200


def test_user_text_is_escaped(personas, region_a, client_for):
    entry = published_entry(
        region_a, personas.admin_a, personas.opd_a, name="<script>alert(1)</script>Layanan"
    )
    for path in ("/katalog/?q=layanan", detail_url(entry)):
        text = client_for(None).get(path).content.decode()
        assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text


def test_unpublished_innovations_never_appear(personas, region_a, client_for, api_for):
    secret = verified_innovation(
        region_a, personas.admin_a, personas.opd_a, name="Inovasi Rahasia Banjar"
    )
    for client in (client_for(None), client_for(personas.admin_a, region_a)):
        assert "Inovasi Rahasia" not in client.get("/katalog/?q=rahasia").content.decode()
        assert client.get(f"/katalog/{secret.public_id}/").status_code == 404
    api = api_for(None)
    assert api.get("/api/v1/catalog/", {"q": "rahasia"}).json()["count"] == 0
    assert api.get(f"/api/v1/catalog/{secret.public_id}/").status_code == 404


def test_unpublishing_takes_the_page_and_documents_down(
    entry, personas, region_a, client_for, api_for
):
    admin = personas.admin_a
    document = add_document(
        region=region_a,
        actor=admin,
        innovation=innovation_of(region_a, entry),
        kind="sop",
        title="SOP Jemput Bola",
        upload=pdf("sop-jemput-bola.pdf"),
    )
    apply_effects()
    row = entry.documents.get()
    url = f"/katalog/{entry.public_id}/dokumen/{row.pk}/"
    assert url in client_for(None).get(detail_url(entry)).content.decode()
    response = client_for(None, region_a).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sop-jemput-bola.pdf" in response["Content-Disposition"]
    # Another entry's id with this document's id is not a way in.
    assert client_for(None).get(f"/katalog/{uuid.uuid4()}/dokumen/{row.pk}/").status_code == 404

    remove_document(region=region_a, actor=admin, document=document)
    apply_effects()
    assert client_for(None).get(url).status_code == 404

    unpublish(region=region_a, actor=admin, innovation=innovation_of(region_a, entry))
    apply_effects()
    assert client_for(None).get(detail_url(entry)).status_code == 404
    assert api_for(None).get(f"/api/v1/catalog/{entry.public_id}/").status_code == 404


def test_call_to_action_by_host_and_role(entry, personas, region_a, region_b, client_for):
    def cta(user, region) -> str:
        text = client_for(user, region).get(detail_url(entry)).content.decode()
        return text.split('id="call-to-action"', 1)[1].split("</article>", 1)[0]

    requesting = cta(personas.admin_b, region_b)
    try:
        path = reverse("requests:create", args=[entry.public_id], urlconf="lumbung.urls_region")
    except NoReverseMatch:  # the request form is built separately; until then no link
        path = None
    if path:
        assert f'href="{path}"' in requesting and "Ajukan replikasi" in requesting
    assert "milik daerah Anda" in cta(personas.admin_a, region_a)
    assert "milik daerah Anda" in cta(personas.operator_a, region_a)
    assert "admin daerah" in cta(personas.outsider, region_b)
    assert "Masuk untuk mengajukan replikasi" in cta(None, region_b)

    # On the public site: the user's regions that may ask, as links to their own hosts.
    public = cta(personas.admin_b, None)
    assert f"http://{region_b.slug}.localhost" in public and detail_url(entry) in public
    assert "Kabupaten Banjar" not in public  # never the origin itself
    assert "admin daerah" in cta(personas.outsider, None)


def test_an_open_request_is_shown_instead_of_the_button(entry, personas, region_b, client_for):
    request_create(region=region_b, actor=personas.admin_b, entry=entry, letter=letter())
    text = client_for(personas.admin_b, region_b).get(detail_url(entry)).content.decode()
    assert "sudah mengajukan replikasi" in text


def test_lineage_both_ways(entry, personas, region_a, region_b, client_for, api_for):
    request = request_create(
        region=region_b, actor=personas.admin_b, entry=entry, message="", letter=letter()
    )
    opd_b = make_opd(region_b, "Dinas Dukcapil")
    agreement_steps(request, region_b, personas.admin_b, region_a, personas.admin_a, opd_b)
    text = client_for(None).get(detail_url(entry)).content.decode()
    lineage = text.split('id="lineage"', 1)[1].split("</section>", 1)[0]
    assert "Tanah Bumbu" in lineage and "Kesepakatan" in lineage
    body = api_for(None).get(f"/api/v1/catalog/{entry.public_id}/").json()
    assert body["replica_count"] == 1
    assert [item["region"]["code"] for item in body["replicas"]] == [region_b.code]

    # A replica published in turn points back to its origin.
    replica = published_entry(region_b, personas.admin_b, opd_b, name="Jemput Bola Tanbu")
    CatalogEntry.objects.filter(pk=replica.pk).update(
        origin_region_code=region_a.code, origin_public_id=entry.public_id
    )
    text = client_for(None, region_b).get(detail_url(replica)).content.decode()
    assert "replikasi dari" in text and detail_url(entry) in text
    origin = api_for(None).get(f"/api/v1/catalog/{replica.public_id}/").json()["origin"]
    assert origin == {
        "region_code": region_a.code,
        "region_name": "Kabupaten Banjar",
        "name": "Jemput Bola Adminduk",
        "public_id": str(entry.public_id),
    }


def test_similar_innovations_on_the_page(entry, personas, region_a, client_for):
    other = published_entry(region_a, personas.admin_a, personas.opd_a, name="Jemput Bola KTP")
    text = client_for(None).get(detail_url(entry)).content.decode()
    similar = text.split('id="similar"', 1)[1].split("</section>", 1)[0]
    assert detail_url(other) in similar and detail_url(entry) not in similar


def test_search_page_queries_do_not_grow_with_the_catalog(personas, region_a, client_for):
    client = client_for(None)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    paths = ("/katalog/", "/katalog/?q=desa&affair=kesehatan&digital=true&sort=score")
    published_entry(region_a, personas.admin_a, personas.opd_a, name="Desa Sehat 0")
    search_vocabulary.current()  # read once a minute per process, whatever the catalog's size
    for path in paths:  # the facet index loaded, the terms looked up
        queries(path)
    before = [queries(path) for path in paths]
    for number in range(1, 5):
        published_entry(region_a, personas.admin_a, personas.opd_a, name=f"Desa Sehat {number}")
    queries(paths[0])  # reads the changed entries into the facet index
    after = [queries(path) for path in paths]
    # Relevance is computed again once for the changed catalog; nothing grows with its size.
    assert after[0] == before[0] and after[1] <= before[1] + 1


# ---------------------------------------------------------------------------------------------
# API


def test_api_search_with_facets(entry, api_for, region_b):
    for region in (None, region_b):
        response = api_for(None, region).get(
            "/api/v1/catalog/", {"q": "pelayanan", "affair": "kesehatan", "digital": "true"}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 1 and body["sort"] == "relevance"
        [hit] = body["results"]
        assert hit["public_id"] == str(entry.public_id)
        assert hit["region"] == {"code": "63.03", "slug": "banjar", "name": "Kabupaten Banjar"}
        assert "<mark>Layanan</mark>" in hit["snippet"]
        assert hit["url"].endswith(detail_url(entry))
        facets = {facet["name"]: facet for facet in body["facets"]}
        assert {"value": "kesehatan", "label": "Kesehatan", "count": 1, "selected": True} in (
            facets["affair"]["values"]
        )


def test_api_detail(entry, personas, region_a, api_for):
    add_document(
        region=region_a,
        actor=personas.admin_a,
        innovation=innovation_of(region_a, entry),
        kind="budget",
        title="RAB",
        upload=pdf("rab.pdf"),
    )
    apply_effects()
    body = api_for(None).get(f"/api/v1/catalog/{entry.public_id}/").json()
    assert body["name"] == "Jemput Bola Adminduk"
    assert body["contact_email"] == "inovasi@daerah.test"
    [document] = body["documents"]
    assert document["kind_label"] == "Rincian anggaran" and document["title"] == "RAB"
    assert document["url"].startswith("http://localhost/katalog/")
    assert body["replicas"] == [] and body["origin"] is None and body["similar"] == []


@pytest.mark.parametrize(
    "params",
    [{"stage": "other"}, {"page_size": "1000"}, {"region": "banjar"}, {"digital": "ya"}],
)
def test_api_rejects_malformed_parameters(params, api_for):
    response = api_for(None).get("/api/v1/catalog/", params)
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_api_page_past_the_end_is_404(entry, api_for):
    assert api_for(None).get("/api/v1/catalog/", {"page": "1"}).status_code == 200
    assert api_for(None).get("/api/v1/catalog/", {"page": "5"}).status_code == 404


def test_facet_labels_and_values_are_escaped():
    from replication.catalog.selectors import FacetValue
    from replication.catalog.templatetags.catalog_tags import facet_options

    html = facet_options("affair", [FacetValue('x"><script>', "<b>Urusan</b>", 3, True)])
    assert "<script>" not in html and "<b>" not in html
    assert 'value="x&quot;&gt;&lt;script&gt;" checked' in html
    assert '&lt;b&gt;Urusan&lt;/b&gt; <span class="count">(3)</span>' in html


def test_odd_page_numbers_fall_back_to_the_first_page(entry, client_for):
    for page in ("²", "-1", "9" * 12):
        assert client_for(None).get("/katalog/", {"page": page}).status_code == 200


def test_api_search_pages_with_next_and_previous_like_every_list(api_for, region_a):
    from urllib.parse import urlsplit

    from tests.replication.test_catalog_search import raw_entries

    raw_entries(region_a, [(f"Posyandu {n}", "Balita sehat.") for n in range(3)])
    api = api_for(None)
    first = api.get("/api/v1/catalog/", {"q": "posyandu", "page_size": 2}).json()
    assert first["count"] == 3 and first["previous"] is None and len(first["results"]) == 2
    following = urlsplit(first["next"])
    second = api.get(f"{following.path}?{following.query}").json()
    assert second["next"] is None and len(second["results"]) == 1
    back = urlsplit(second["previous"])
    assert "page=" not in back.query  # the first page is the address without a page
    names = {hit["name"] for hit in first["results"] + second["results"]}
    assert names == {"Posyandu 0", "Posyandu 1", "Posyandu 2"}
