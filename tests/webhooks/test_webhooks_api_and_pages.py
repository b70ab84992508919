"""The webhook API and pages: a region's admins manage the region's subscriptions, platform
operators the public network's; the secret is in the creation's (and rotation's) answer only;
nobody else reaches them (the route walks in tests/core check every stranger)."""

from __future__ import annotations

import json

from tests.effects import apply_effects
from webhooks.models import DeliveryStatus, WebhookSubscription
from webhooks.services import subscription_create


def test_the_api_manages_a_regions_subscriptions_and_shows_the_secret_once(
    personas, region_a, api_for, receiver, settings
):
    settings.CHANGE_FEED_SETTLE_SECONDS = 0  # `updated_since` below reads what was just written
    api = api_for(personas.admin_a, region_a)
    created = api.post(
        "/api/v1/webhooks/",
        {
            "url": receiver.url,
            "event_types": ["replication.request.submitted", "innovation.published"],
            "description": "Dasbor",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    secret = body["secret"]
    assert secret.startswith("whsec_") and body["region"] == region_a.code
    assert body["created_by"] == personas.admin_a.email and body["is_active"] is True
    pk = body["id"]

    listed = api.get("/api/v1/webhooks/").json()
    assert [item["id"] for item in listed["results"]] == [pk]
    assert secret not in json.dumps(listed)
    # Kept in sync like every list: changed since a moment, sorted by a named field.
    since = api.get("/api/v1/webhooks/", {"updated_since": body["updated_at"]}).json()
    assert [item["id"] for item in since["results"]] == [pk]
    assert api.get("/api/v1/webhooks/", {"ordering": "secret"}).status_code == 400
    one = api.get(f"/api/v1/webhooks/{pk}/")
    assert one.status_code == 200 and "secret" not in one.json()

    changed = api.patch(
        f"/api/v1/webhooks/{pk}/", {"event_types": ["snapshot.changed"]}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["event_types"] == ["snapshot.changed"]
    refused = api.patch(f"/api/v1/webhooks/{pk}/", {"url": "http://10.0.0.1/"}, format="json")
    assert refused.status_code == 400 and "url" in json.dumps(refused.json())

    rotated = api.post(f"/api/v1/webhooks/{pk}/rotate-secret/")
    assert rotated.status_code == 200
    new_secret = rotated.json()["secret"]
    assert new_secret != secret
    assert WebhookSubscription.objects.get(pk=pk).secret == new_secret

    sent = api.post(f"/api/v1/webhooks/{pk}/test/")
    assert sent.status_code == 202 and sent.json()["event_type"] == "webhook.test"
    apply_effects()
    (received,) = receiver.requests
    assert json.loads(received.body)["type"] == "webhook.test"
    log = api.get(f"/api/v1/webhooks/{pk}/deliveries/").json()["results"]
    assert [(item["status"], item["attempts"], item["last_status_code"]) for item in log] == [
        (DeliveryStatus.DELIVERED, 1, 200)
    ]

    assert api.delete(f"/api/v1/webhooks/{pk}/").status_code == 204
    assert not WebhookSubscription.objects.filter(pk=pk).exists()


def test_bodies_are_json_and_bad_event_names_are_400(personas, region_a, api_for, receiver):
    api = api_for(personas.admin_a, region_a)
    form = api.post(
        "/api/v1/webhooks/",
        {"url": receiver.url, "event_types": ["innovation.published"]},
        format="multipart",
    )
    assert form.status_code == 415
    unknown = api.post(
        "/api/v1/webhooks/", {"url": receiver.url, "event_types": ["nope"]}, format="json"
    )
    assert unknown.status_code == 400


def test_another_regions_admin_and_an_operator_cannot_reach_the_subscriptions(
    personas, region_a, region_b, api_for, receiver
):
    subscription, _secret = subscription_create(
        region=region_a,
        actor=personas.admin_a,
        url=receiver.url,
        event_types=["innovation.published"],
    )
    other = api_for(personas.admin_b, region_b)
    assert other.get("/api/v1/webhooks/").json()["results"] == []
    for method, path in (
        ("get", f"/api/v1/webhooks/{subscription.pk}/"),
        ("patch", f"/api/v1/webhooks/{subscription.pk}/"),
        ("delete", f"/api/v1/webhooks/{subscription.pk}/"),
        ("post", f"/api/v1/webhooks/{subscription.pk}/rotate-secret/"),
        ("post", f"/api/v1/webhooks/{subscription.pk}/test/"),
        ("get", f"/api/v1/webhooks/{subscription.pk}/deliveries/"),
    ):
        response = getattr(other, method)(path, {}, format="json")
        assert response.status_code == 404, (method, path, response.status_code)
    operator = api_for(personas.operator_a, region_a)
    assert operator.get("/api/v1/webhooks/").status_code == 403
    assert (
        operator.post(
            "/api/v1/webhooks/",
            {"url": receiver.url, "event_types": ["innovation.published"]},
            format="json",
        ).status_code
        == 403
    )
    # The region's admin on the public site manages nothing there.
    assert api_for(personas.admin_a, None).get("/api/v1/webhooks/").status_code == 403
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.deliveries.count() == 0


def test_platform_operators_manage_the_public_networks_subscriptions(
    personas, region_a, api_for, receiver
):
    api = api_for(personas.platform_admin, None)
    created = api.post(
        "/api/v1/webhooks/",
        {"url": receiver.url, "event_types": ["innovation.published", "snapshot.changed"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["region"] is None
    private = api.post(
        "/api/v1/webhooks/",
        {"url": receiver.url, "event_types": ["replication.request.accepted"]},
        format="json",
    )
    assert private.status_code == 400
    # Not among the region's own.
    assert api_for(personas.admin_a, region_a).get("/api/v1/webhooks/").json()["results"] == []


def test_the_pages_create_show_the_secret_once_test_rotate_and_delete(
    personas, region_a, client_for, receiver
):
    client = client_for(personas.admin_a, region_a)
    assert client.get("/pengaturan/webhook/").status_code == 200
    page = client.get("/pengaturan/webhook/baru/")
    assert page.status_code == 200 and "replication.request.submitted" in page.content.decode()
    refused = client.post(
        "/pengaturan/webhook/baru/",
        {"url": "https://10.0.0.1/hook", "event_types": ["innovation.published"]},
    )
    assert refused.status_code == 200 and "alamat publik" in refused.content.decode()
    assert not WebhookSubscription.objects.exists()
    created = client.post(
        "/pengaturan/webhook/baru/",
        {"url": receiver.url, "event_types": ["innovation.published"], "is_active": "on"},
    )
    subscription = WebhookSubscription.objects.get()
    assert created.status_code == 200 and subscription.secret in created.content.decode()
    detail = client.get(f"/pengaturan/webhook/{subscription.pk}/")
    assert detail.status_code == 200 and subscription.secret not in detail.content.decode()
    assert subscription.secret not in client.get("/pengaturan/webhook/").content.decode()

    client.post(f"/pengaturan/webhook/{subscription.pk}/uji/")
    apply_effects()
    assert len(receiver.requests) == 1
    log = client.get(f"/pengaturan/webhook/{subscription.pk}/").content.decode()
    assert "webhook.test" in log and "HTTP 200" in log

    rotated = client.post(f"/pengaturan/webhook/{subscription.pk}/ganti-rahasia/")
    subscription.refresh_from_db()
    assert subscription.secret in rotated.content.decode()

    edited = client.post(
        f"/pengaturan/webhook/{subscription.pk}/ubah/",
        {"url": receiver.url, "event_types": ["snapshot.changed"], "description": "Baru"},
    )
    assert edited.status_code == 302
    subscription.refresh_from_db()
    assert subscription.event_types == ["snapshot.changed"] and not subscription.is_active

    client.post(f"/pengaturan/webhook/{subscription.pk}/hapus/")
    assert not WebhookSubscription.objects.exists()


def test_the_pages_refuse_other_people(personas, region_a, region_b, client_for, receiver):
    subscription, _secret = subscription_create(
        region=region_a,
        actor=personas.admin_a,
        url=receiver.url,
        event_types=["innovation.published"],
    )
    for user in (personas.operator_a, personas.verifier_a, personas.leader_a):
        assert client_for(user, region_a).get("/pengaturan/webhook/").status_code == 403
    other = client_for(personas.admin_b, region_b)
    assert other.get(f"/pengaturan/webhook/{subscription.pk}/").status_code == 404
    assert other.post(f"/pengaturan/webhook/{subscription.pk}/hapus/").status_code == 404
    assert client_for(personas.admin_a, None).get("/pengaturan/webhook/").status_code == 403
    network = client_for(personas.platform_admin, None).get("/pengaturan/webhook/")
    assert network.status_code == 200 and receiver.url not in network.content.decode()
    assert WebhookSubscription.objects.filter(pk=subscription.pk).exists()
