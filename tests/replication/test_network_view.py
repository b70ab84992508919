"""The network view: who learns from whom, nationally and per province, for everyone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse as django_reverse

from regions.models import Region
from replication.network.selectors import network_graph
from tests.replication.network_data import entry, region, request

KALSEL = "provinsi-kalimantan-selatan"


def reverse(name: str, args=()) -> str:
    return django_reverse(name, args=args, urlconf="lumbung.urls_public")


SLUGS = ("banjar", "tanah-bumbu", "balangan", "mandailing-natal", "karo", "magetan", KALSEL)


@pytest.fixture
def regions(db):
    # Active on the platform (rolled back with the test); the network reads no region schema,
    # so they need none.
    Region.objects.filter(slug__in=SLUGS).update(is_active=True)
    return {slug: region(slug) for slug in SLUGS}


@pytest.fixture
def web(regions):
    """Tanah Bumbu learns twice from Banjar and has a third request under way; Mandailing Natal
    was turned down by Banjar; Karo replicates Mandailing Natal (another province)."""
    r = regions
    labinov = entry(r["banjar"], "LABINOV BANJAR", affair="penelitian-pengembangan", replicas=2)
    request(r["tanah-bumbu"], r["banjar"], "implementation", of=labinov)
    request(r["balangan"], r["banjar"], "completed", of=labinov)
    request(r["tanah-bumbu"], r["banjar"], "agreement")
    request(r["tanah-bumbu"], r["banjar"], "submitted")
    request(r["mandailing-natal"], r["banjar"], "declined")
    baginda = entry(r["mandailing-natal"], "BAGINDA MADINA", replicas=1, score="70")
    request(r["karo"], r["mandailing-natal"], "agreement", of=baginda)
    request(r["magetan"], r["karo"], "visit_scheduled")
    return r


def edge(network, origin, requester):
    return next(
        item
        for item in network.edges
        if item.origin.slug == origin and item.requester.slug == requester
    )


def node(network, slug):
    return next(item for item in network.nodes if item.slug == slug)


def test_national_network_counts_replications_and_requests_under_way(web):
    network = network_graph()
    learned = edge(network, "banjar", "tanah-bumbu")
    assert (learned.replications, learned.in_progress, learned.ended) == (2, 1, 0)
    assert learned.by_status == {"implementation": 1, "agreement": 1, "submitted": 1}
    declined = edge(network, "banjar", "mandailing-natal")
    assert (declined.replications, declined.in_progress, declined.ended) == (0, 0, 1)
    # A declined request is listed, not drawn: nobody learned anything from it.
    assert declined not in network.drawn_edges
    assert edge(network, "karo", "magetan") in network.drawn_edges

    banjar = node(network, "banjar")
    assert (banjar.given, banjar.received, banjar.giving_in_progress) == (3, 0, 1)
    tanah_bumbu = node(network, "tanah-bumbu")
    assert (tanah_bumbu.received, tanah_bumbu.receiving_in_progress) == (2, 1)
    assert (network.replications, network.in_progress, network.ended) == (4, 2, 1)
    assert all(item.inside for item in network.nodes)
    assert network.region_ranking[0].slug == "banjar"
    assert [item.name for item in network.top_innovations] == ["LABINOV BANJAR", "BAGINDA MADINA"]


def test_a_deactivated_region_leaves_the_network_until_it_is_back(web):
    Region.objects.filter(slug="balangan").update(is_active=False)
    network = network_graph()
    assert "balangan" not in {item.slug for item in network.nodes}
    assert edge(network, "banjar", "tanah-bumbu").replications == 2
    assert network.replications == 3
    Region.objects.filter(slug="balangan").update(is_active=True)
    assert network_graph().replications == 4


def test_a_province_sees_requests_with_either_side_inside_and_marks_the_outsiders(web):
    kalsel = web[KALSEL]
    network = network_graph(kalsel)
    pairs = {(item.origin.slug, item.requester.slug) for item in network.edges}
    assert pairs == {
        ("banjar", "tanah-bumbu"),
        ("banjar", "balangan"),
        ("banjar", "mandailing-natal"),
    }
    assert node(network, "banjar").inside
    assert not node(network, "mandailing-natal").inside
    assert [item.name for item in network.top_innovations] == ["LABINOV BANJAR"]

    sumut = network_graph(region("provinsi-sumatera-utara"))
    assert {(item.origin.slug, item.requester.slug) for item in sumut.edges} == {
        ("banjar", "mandailing-natal"),
        ("mandailing-natal", "karo"),
        ("karo", "magetan"),
    }
    assert not node(sumut, "banjar").inside and not node(sumut, "magetan").inside


def test_anyone_may_view_the_national_and_province_pages(web, client_for):
    client = client_for(None)  # anonymous, public site
    national = client.get(reverse("network:national"))
    assert national.status_code == 200
    html = national.content.decode()
    assert "<svg" in html and 'role="img"' in html
    # Every edge and node has a <title>, and the same data are in a table.
    assert (
        "Kabupaten Tanah Bumbu belajar dari Kabupaten Banjar: 2 replikasi, 1 sedang berjalan"
        in html
    )
    assert 'class="network-edge-done"' in html and 'class="network-edge-progress"' in html
    assert 'id="network-edges"' in html
    assert "LABINOV BANJAR" in html

    page = client.get(reverse("network:province", args=[KALSEL]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Jaringan replikasi Provinsi Kalimantan Selatan" in html
    assert "luar provinsi" in html  # Mandailing Natal, asked Banjar from Sumatera Utara
    assert "Kabupaten Karo" not in html

    chosen = client.get(reverse("network:national"), {"provinsi": KALSEL})
    assert chosen.status_code == 302
    assert chosen["Location"] == reverse("network:province", args=[KALSEL])
    assert client.get(reverse("network:province", args=["banjar"])).status_code == 404
    assert client.get(reverse("network:national"), {"provinsi": "tidak-ada"}).status_code == 404


def test_an_empty_network_says_so(db, client_for):
    html = client_for(None).get(reverse("network:national")).content.decode()
    assert "Belum ada replikasi atau permohonan replikasi yang sedang berjalan." in html
    assert "<svg" not in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_regions_or_requests(web, client_for):
    client = client_for(None)
    national, province = reverse("network:national"), reverse("network:province", args=[KALSEL])
    before = (_queries(client, national), _queries(client, province))
    r = web
    extra = ("kota-banjarmasin", "tapin", "kota-medan", "ngawi")
    Region.objects.filter(slug__in=extra).update(is_active=True)
    more = [region(slug) for slug in extra]
    for index, requester in enumerate(more):
        origin = r["banjar"] if index % 2 else r["mandailing-natal"]
        item = entry(origin, f"INOVASI {index}", replicas=index + 1)
        request(requester, origin, "completed", of=item)
        request(requester, r["tanah-bumbu"], "accepted")
        request(r["balangan"], requester, "visit_done")
    assert len(network_graph().nodes) == 10
    assert (_queries(client, national), _queries(client, province)) == before


def test_the_api_serves_the_same_network(web, api_for):
    client = api_for(None)
    body = client.get("/api/v1/network/").json()
    assert (body["replications"], body["in_progress"], body["ended"]) == (4, 2, 1)
    banjar = next(item for item in body["nodes"] if item["slug"] == "banjar")
    assert banjar["replications_given"] == 3
    learned = next(
        item
        for item in body["edges"]
        if item["origin"] == web["banjar"].code and item["requester"] == web["tanah-bumbu"].code
    )
    assert (learned["replications"], learned["in_progress"]) == (2, 1)
    assert body["top_innovations"][0]["name"] == "LABINOV BANJAR"

    kalsel = client.get(f"/api/v1/network/{KALSEL}/").json()
    assert kalsel["province"]["slug"] == KALSEL
    outside = {item["slug"] for item in kalsel["nodes"] if not item["inside"]}
    assert outside == {"mandailing-natal"}
    assert client.get("/api/v1/network/banjar/").status_code == 404


def test_the_summary_agrees_with_the_graph_in_two_queries(web, regions):
    from replication.network.selectors import network_summary

    graph = network_graph()
    with CaptureQueriesContext(connection) as queries:
        summary = network_summary(leaders=2)
    assert len(queries.captured_queries) == 2
    assert (summary.replications, summary.in_progress, summary.regions) == (
        graph.replications,
        graph.in_progress,
        len(graph.nodes),
    )
    # Banjar gave 3 replications; Mandailing Natal gave 1 and Tanah Bumbu received 2.
    assert [(item.slug, item.given, item.received) for item in summary.leaders] == [
        ("banjar", 3, 0),
        ("mandailing-natal", 1, 0),
    ]
    kalsel = network_summary(regions[KALSEL])
    assert kalsel.regions == len(network_graph(regions[KALSEL]).nodes)
