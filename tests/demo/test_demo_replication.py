"""The demo's replication network: what a visitor sees in the catalog and on the network pages
after `scripts/run`, and that loading the demo again adds nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from lumbung.demo.replication_specs import (
    LABINOV_BANJAR,
    LABINOV_TANAH_BUMBU,
    PUBLICATIONS,
    REQUESTS,
)
from lumbung.demo.services import seed_demo
from replication.catalog.models import CatalogEntry
from replication.catalog.sync import COMPARED_FIELDS, expected_entries
from replication.network.selectors import network_graph
from replication.notifications.models import Notification
from replication.requests.models import (
    ReplicationRequest,
    RequestDocument,
    RequestEvent,
    RequestStatus,
)
from tenants.assessment.models import Answer, Evidence
from tenants.innovations.models import Innovation
from tenants.publishing.models import Publication, PublicationDocument
from tests.conftest import region_by_slug


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return seed_demo()


def counts() -> dict[str, int]:
    with tenant_context(region_by_slug("tanah-bumbu")):
        innovations = Innovation.objects.count()
    return {
        "tanah_bumbu_innovations": innovations,
        "entries": CatalogEntry.objects.count(),
        "requests": ReplicationRequest.objects.count(),
        "events": RequestEvent.objects.count(),
        "documents": RequestDocument.objects.count(),
        "notifications": Notification.objects.count(),
    }


def check_publications_and_every_state(demo):
    assert demo.publications_created == len(PUBLICATIONS)
    assert demo.requests_created == len(REQUESTS)
    assert demo.skipped == []
    regions = {spec.region for spec in PUBLICATIONS}
    for slug in regions:
        region = region_by_slug(slug)
        with tenant_context(region):
            assert Publication.objects.exists()
            assert PublicationDocument.objects.exists()
        assert CatalogEntry.objects.filter(region=region).exists()
    statuses = set(ReplicationRequest.objects.values_list("status", flat=True))
    assert statuses == set(RequestStatus.values)
    # Nobody is e-mailed about the demo's made-up history.
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def check_tanah_bumbu_replicates_banjars_labinov(demo):
    banjar, tanah_bumbu = region_by_slug("banjar"), region_by_slug("tanah-bumbu")
    request = ReplicationRequest.objects.get(
        requester=tanah_bumbu, origin=banjar, innovation_name=LABINOV_BANJAR
    )
    assert request.status == RequestStatus.IMPLEMENTATION
    assert str(request.visit_date) == "2024-05-06"
    assert "89 Tahun 2020" in request.message
    assert (request.agreement_kind, request.agreement_number) == (
        "pks",
        "PKS/070/12/BAPPEDA-TB/2024",
    )
    # Agreed in 2024, an assessed year: shown as a replication, not counted in a report.
    assert request.credited_at is None and request.credit_year is None
    assert {document.kind for document in request.documents.all()} >= {
        "letter_of_interest",
        "visit_minutes",
        "agreement",
    }
    with tenant_context(tanah_bumbu):
        replica = Innovation.objects.get(pk=request.replica_innovation_id)
        assert replica.name == LABINOV_TANAH_BUMBU
        assert replica.origin_region_code == banjar.code
        assert replica.design_word_count >= 300
        assert Innovation.objects.filter(name__startswith="LABINOV").count() == 1
    entry = CatalogEntry.objects.get(region=banjar, name=LABINOV_BANJAR)
    assert entry.replica_count == 1
    with tenant_context(banjar):
        # No credit from this cooperation (the demo's own answers may still say it was
        # replicated before, as the region reported it).
        assert not Evidence.objects.filter(credit_source_id=request.pk).exists()
    network = network_graph(region_by_slug("provinsi-kalimantan-selatan"))
    learned = next(
        edge
        for edge in network.edges
        if edge.origin.slug == "banjar" and edge.requester.slug == "tanah-bumbu"
    )
    assert learned.replications == 1


def check_magetan_and_karo_replicate_each_other_under_one_agreement(demo):
    magetan, karo = region_by_slug("magetan"), region_by_slug("karo")
    asked = ReplicationRequest.objects.get(requester=magetan, origin=karo)
    other_way = ReplicationRequest.objects.get(requester=karo, origin=magetan)
    assert asked.status == other_way.status == RequestStatus.AGREEMENT
    assert other_way.agreement_request_id == asked.pk
    assert asked.credit_year == other_way.credit_year == date.today().year
    for region, request in ((karo, asked), (magetan, other_way)):
        with tenant_context(region):
            credit = Answer.objects.get(
                report__innovation_id=request.origin_innovation_id, indicator_code="SID-31"
            )
            assert credit.level == 1
            assert credit.evidence.filter(credit_source_id=request.pk, status="accepted").exists()


def check_catalog_equals_its_sources_with_the_region_standing(demo):
    for slug in {spec.region for spec in PUBLICATIONS}:
        region = region_by_slug(slug)
        with tenant_context(region):
            expected = expected_entries(region)
        entries = {
            entry.innovation_id: entry for entry in CatalogEntry.objects.filter(region=region)
        }
        assert set(entries) == set(expected)
        for innovation_id, item in expected.items():
            entry = entries[innovation_id]
            for name in COMPARED_FIELDS:
                assert getattr(entry, name) == item.fields[name], (slug, entry.name, name)
            assert entry.region_predicate and entry.region_index > 0


def test_the_demo_network_after_one_load(demo):
    # One load takes a while (six regions through the real services), so one test checks it all.
    check_publications_and_every_state(demo)
    check_tanah_bumbu_replicates_banjars_labinov(demo)
    check_magetan_and_karo_replicate_each_other_under_one_agreement(demo)
    check_catalog_equals_its_sources_with_the_region_standing(demo)


def test_loading_the_demo_again_creates_nothing(demo):
    before = counts()
    again = seed_demo()
    assert (again.publications_created, again.requests_created, again.innovations_created) == (
        0,
        0,
        0,
    )
    assert counts() == before
