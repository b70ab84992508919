"""The replication network end to end through the services: publish, request, agree, credit."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from replication.catalog.models import CatalogEntry
from replication.requests.services import request_create, request_transition
from tenants.assessment.models import Answer
from tests.conftest import make_opd
from tests.replication.helpers import agreement_steps, letter, published_entry


def test_publish_request_agree_and_credit(personas, region_a, region_b):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a, name="SEPEDA BARU")
    assert entry.name == "SEPEDA BARU" and entry.score > 0
    request = request_create(
        region=region_b,
        actor=personas.admin_b,
        entry=entry,
        message="Kami ingin belajar",
        letter=letter(),
    )
    opd_b = make_opd(region_b, "Dinas Kesehatan Tanah Bumbu")
    request = agreement_steps(
        request, region_b, personas.admin_b, region_a, personas.admin_a, opd_b
    )
    assert request.status == "agreement"
    with tenant_context(region_a):
        credit = Answer.objects.get(
            report__innovation_id=entry.innovation_id, indicator_code="SID-31"
        )
        assert credit.level == 1
        assert credit.evidence.get().status == "accepted"
    entry.refresh_from_db()
    assert entry.replica_count == 1
    request = request_transition(
        "start_implementation",
        request=request,
        actor=personas.admin_b,
        region=region_b,
        data={"opd_id": opd_b.pk},
    )
    assert request.status == "implementation" and request.replica_innovation_id
    request = request_transition(
        "confirm", request=request, actor=personas.admin_b, region=region_b
    )
    assert request.status == "implementation"
    request = request_transition(
        "confirm", request=request, actor=personas.admin_a, region=region_a
    )
    assert request.status == "completed"
    assert CatalogEntry.objects.filter(region=region_a).count() == 1
