"""A deactivated region is out of the network until it is back: its entries leave the catalog,
search, network and suggestions; nobody can make a request to it or by it; its requests in
flight show as paused to the other side and cannot move; its members get no e-mail. On
reactivation its entries come back (same public ids) and its requests continue."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from regions.activation import activate_region, deactivate_region
from replication.catalog.models import CatalogEntry
from replication.network.selectors import network_graph
from replication.notifications.models import Notification
from replication.requests.models import RequestStatus
from replication.requests.services import (
    TransitionError,
    allowed_transitions,
    request_create,
)
from tests.effects import apply_effects
from tests.replication.helpers import letter
from tests.replication.request_helpers import network


@pytest.fixture
def net(personas, region_a, region_b):
    return network(personas, region_a, region_b)


def test_a_closed_origin_leaves_the_catalog_and_its_requests_pause(net, client_for, api_for):
    entry = net.entry()
    open_request = net.request(entry=entry)
    apply_effects()
    mail.outbox.clear()
    found = client_for(None).get("/katalog/", {"q": entry.name}).content.decode()
    assert str(entry.public_id) in found

    deactivate_region(net.origin)
    # Until the effect is applied a stale page could still offer the entry: the service says no.
    with pytest.raises(ValidationError, match="sedang tidak aktif"):
        request_create(
            region=net.third, actor=net.third_admin, entry=entry, letter=letter("lagi.pdf")
        )
    apply_effects()
    assert not CatalogEntry.objects.filter(region=net.origin).exists()
    public = client_for(None)
    assert str(entry.public_id) not in public.get("/katalog/", {"q": entry.name}).content.decode()
    assert public.get(f"/katalog/{entry.public_id}/").status_code == 404
    assert api_for(None).get(f"/api/v1/catalog/{entry.public_id}/").status_code == 404
    assert entry.public_id not in {item.public_id for item in network_graph().top_innovations}

    # The requester sees its request paused, can take no step, and is told why.
    open_request.refresh_from_db()
    assert open_request.paused_by == net.origin
    assert allowed_transitions(net.requester_admin, net.requester, open_request) == []
    with pytest.raises(TransitionError, match="ditangguhkan"):
        net.fire(open_request, "cancel", "requester")
    page = client_for(net.requester_admin, net.requester).get(f"/replikasi/{open_request.pk}/")
    text = page.content.decode()
    assert 'id="request-paused"' in text and "sedang tidak aktif" in text
    assert 'id="request-steps"' not in text
    inbox = client_for(net.requester_admin, net.requester).get("/replikasi/").content.decode()
    assert "Ditangguhkan" in inbox
    api = api_for(net.requester_admin, net.requester, token=True)
    detail = api.get(f"/api/v1/replication/requests/{open_request.pk}/").json()
    assert detail["paused"] is True and detail["allowed_transitions"] == []
    refused = api.post(
        f"/api/v1/replication/requests/{open_request.pk}/transitions/",
        {"transition": "cancel", "note": "Batal"},
        format="multipart",
    )
    assert refused.status_code == 409 and "ditangguhkan" in refused.json()["error"]["message"]
    assert open_request.status == RequestStatus.SUBMITTED
    assert mail.outbox == []

    # Back: the entry returns with its public id, the request points at it and moves again.
    assert activate_region(net.origin) == "reactivated"
    apply_effects()
    back = CatalogEntry.objects.get(region=net.origin, innovation_id=entry.innovation_id)
    assert back.public_id == entry.public_id
    open_request.refresh_from_db()
    assert open_request.entry_id == back.pk and open_request.paused_by is None
    net.fire(open_request, "accept", "origin")


def test_a_closed_requester_cannot_ask_and_its_admins_hear_nothing(net):
    entry = net.entry()
    open_request = net.request(entry=entry)
    apply_effects()
    deactivate_region(net.requester)
    # Its own site is closed (the policy grants nothing there) ...
    with pytest.raises(PermissionDenied):
        request_create(
            region=net.requester,
            actor=net.requester_admin,
            entry=net.entry("INOVASI LAIN"),
            letter=letter(),
        )
    # ... and nobody may ask it either (it has no entries left, and a stale one is refused).
    with pytest.raises(ValidationError, match="Kabupaten Tanah Bumbu sedang tidak aktif"):
        request_create(
            region=net.third,
            actor=net.third_admin,
            entry=CatalogEntry(region=net.requester, innovation_id=1, name="x"),
            letter=letter(),
        )
    # The origin sees the request paused; the requester's admins are not notified of anything.
    open_request.refresh_from_db()
    assert open_request.paused_by == net.requester
    assert allowed_transitions(net.origin_admin, net.origin, open_request) == []
    with pytest.raises(TransitionError):
        net.fire(open_request, "accept", "origin")
    # A paused request does not run out meanwhile.
    import datetime

    from django.utils import timezone

    from replication.requests.services import expire_overdue

    assert expire_overdue(now=timezone.now() + datetime.timedelta(days=90)) == 0
    apply_effects()
    assert not Notification.objects.filter(user=net.requester_admin).exists()


def test_the_network_leaves_a_closed_region_out(net):
    entry = net.entry()
    request = net.request_in(RequestStatus.AGREEMENT, entry=entry)
    assert request.credited_at is not None
    assert network_graph().replications == 1
    deactivate_region(net.requester)
    assert network_graph().replications == 0
    activate_region(net.requester)
    assert network_graph().replications == 1
