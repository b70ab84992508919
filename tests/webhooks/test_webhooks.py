"""Webhooks end to end with a real receiver (an HTTP server on 127.0.0.1): who may manage
subscriptions, which events reach whom, the signed POST after the commit, retries with backoff,
idempotency, and the refusal of private addresses."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from pipeline.models import PendingEffect
from pipeline.runner import run_due
from pipeline.services import record
from tests.effects import apply_effects
from webhooks import targets
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.services import (
    send_test,
    subscription_create,
    subscription_delete,
    subscription_rotate_secret,
    subscription_update,
)

ALL_REQUEST_STEPS = ["replication.request.submitted", "replication.request.accepted"]


def verify(secret: str, header: str, raw_body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver does (the snippet of docs/api.md)."""
    import time

    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - timestamp) <= tolerance


def deliver_due():
    return run_due(only={"webhooks.deliver"}, budget_seconds=30)


def test_a_region_admin_creates_a_subscription_and_gets_its_secret_once(
    personas, region_a, receiver
):
    subscription, secret = subscription_create(
        region=region_a,
        actor=personas.admin_a,
        url=receiver.url,
        event_types=["innovation.published", "innovation.published"],
        description="Dasbor kabupaten",
    )
    assert secret.startswith("whsec_") and len(secret) > 40
    assert subscription.event_types == ["innovation.published"]
    assert subscription.created_by == personas.admin_a
    rotated = subscription_rotate_secret(
        region=region_a, actor=personas.admin_a, subscription=subscription
    )
    assert rotated != secret
    subscription.refresh_from_db()
    assert subscription.secret == rotated and subscription.secret_rotated_at is not None
    subscription_update(
        region=region_a,
        actor=personas.admin_a,
        subscription=subscription,
        event_types=["snapshot.changed"],
        is_active=False,
    )
    subscription.refresh_from_db()
    assert subscription.event_types == ["snapshot.changed"] and not subscription.is_active
    subscription_delete(region=region_a, actor=personas.admin_a, subscription=subscription)
    assert not type(subscription).objects.filter(pk=subscription.pk).exists()


def test_bad_input_is_refused_with_a_clear_message(personas, region_a, receiver):
    with pytest.raises(ValidationError) as error:
        subscription_create(
            region=region_a, actor=personas.admin_a, url=receiver.url, event_types=["no.such"]
        )
    assert "no.such" in str(error.value)
    with pytest.raises(ValidationError):
        subscription_create(
            region=region_a, actor=personas.admin_a, url=receiver.url, event_types=[]
        )
    with pytest.raises(ValidationError) as error:
        subscription_create(
            region=None,
            actor=personas.platform_admin,
            url=receiver.url,
            # a region's private steps are not events of the public network
            event_types=["replication.request.submitted"],
        )
    assert "replication.request.submitted" in str(error.value)


def test_only_the_regions_admins_and_for_the_network_the_operator_manage_subscriptions(
    personas, region_a, region_b, receiver
):
    subscription, _secret = subscription_create(
        region=region_a, actor=personas.admin_a, url=receiver.url, event_types=ALL_REQUEST_STEPS
    )
    for user in (personas.operator_a, personas.verifier_a, personas.leader_a, personas.admin_b):
        with pytest.raises(PermissionDenied):
            subscription_create(
                region=region_a, actor=user, url=receiver.url, event_types=ALL_REQUEST_STEPS
            )
    # An admin of B, acting in B, cannot reach A's subscription.
    for change in (subscription_rotate_secret, subscription_delete, send_test):
        with pytest.raises(PermissionDenied):
            change(region=region_b, actor=personas.admin_b, subscription=subscription)
    with pytest.raises(PermissionDenied):
        subscription_update(
            region=region_b, actor=personas.admin_b, subscription=subscription, is_active=False
        )
    # The public network's subscriptions: platform operators only.
    with pytest.raises(PermissionDenied):
        subscription_create(
            region=None, actor=personas.admin_a, url=receiver.url, event_types=["snapshot.changed"]
        )
    network, _secret = subscription_create(
        region=None,
        actor=personas.platform_admin,
        url=receiver.url,
        event_types=["snapshot.changed"],
    )
    with pytest.raises(PermissionDenied):
        subscription_delete(region=region_a, actor=personas.admin_a, subscription=network)


def _published(region, admin, opd, receiver, *, network_admin=None):
    from tenants.publishing.services import publish
    from tests.replication.helpers import verified_innovation

    innovation = verified_innovation(region, admin, opd)
    apply_effects()
    subscription, secret = subscription_create(
        region=region,
        actor=admin,
        url=receiver.url,
        event_types=["innovation.published", "innovation.unpublished"],
    )
    return innovation, subscription, secret, publish


def test_an_event_inside_a_rolled_back_transaction_sends_nothing(personas, region_a, receiver):
    innovation, _subscription, _secret, publish = _published(
        region_a, personas.admin_a, personas.opd_a, receiver
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(region=region_a, actor=personas.admin_a, innovation=innovation, data={})
        assert WebhookDelivery.objects.count() == 1  # recorded with the change...
        raise RuntimeError("the change fails after the event")
    assert WebhookDelivery.objects.count() == 0  # ...and gone with it
    apply_effects()
    assert receiver.requests == []


def test_a_publication_sends_exactly_one_signed_post(personas, region_a, receiver):
    innovation, subscription, secret, publish = _published(
        region_a, personas.admin_a, personas.opd_a, receiver
    )
    publish(region=region_a, actor=personas.admin_a, innovation=innovation, data={})
    # Publishing again only updates the contact: no second event.
    publish(region=region_a, actor=personas.admin_a, innovation=innovation, data={"notes": "Baru"})
    assert receiver.requests == []  # nothing before the worker runs (after the commit)
    apply_effects()
    (received,) = receiver.requests
    headers = {name.lower(): value for name, value in received.headers.items()}
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"] == "LumbungInovasi-Webhooks/1"
    assert verify(secret, headers["lumbung-signature"], received.body)
    assert not verify("whsec_lain", headers["lumbung-signature"], received.body)
    event = json.loads(received.body)
    assert event["type"] == "innovation.published"
    assert event["id"] == headers["lumbung-event-id"]
    assert event["region"] == region_a.code
    assert event["data"] == {"innovation": innovation.pk, "name": innovation.name}
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.delivered_at is not None
    assert str(delivery.event_id) == event["id"]

    # The effect run again (a redelivered task, a sweep after a crash) POSTs nothing more.
    record("webhooks.deliver", target=delivery.pk)
    apply_effects()
    assert len(receiver.requests) == 1


def test_a_failing_receiver_is_retried_with_backoff_and_the_log_shows_it(
    personas, region_a, receiver
):
    subscription, secret = subscription_create(
        region=region_a, actor=personas.admin_a, url=receiver.url, event_types=ALL_REQUEST_STEPS
    )
    receiver.answers = [500]
    delivery = send_test(region=region_a, actor=personas.admin_a, subscription=subscription)
    before = timezone.now()
    deliver_due()
    delivery.refresh_from_db()
    assert len(receiver.requests) == 1
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.last_status_code == 500 and delivery.last_error.startswith("HTTP 500")
    assert len(delivery.last_error) < 600  # the receiver's long answer is not kept whole
    waits = delivery.next_attempt_at - before
    assert timedelta(seconds=55) < waits < timedelta(seconds=70)  # the first wait: a minute
    (row,) = PendingEffect.objects.filter(effect="webhooks.deliver")
    assert row.due_at == delivery.next_attempt_at

    deliver_due()  # not due yet: nothing is sent
    assert len(receiver.requests) == 1
    PendingEffect.objects.filter(pk=row.pk).update(due_at=timezone.now())
    deliver_due()
    delivery.refresh_from_db()
    assert len(receiver.requests) == 2
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 2
    assert delivery.last_status_code == 200 and delivery.last_error == ""
    first, second = (json.loads(item.body) for item in receiver.requests)
    assert first["id"] == second["id"]  # the same event: receivers deduplicate by its id
    assert first["type"] == "webhook.test"
    assert verify(
        secret, receiver.requests[1].headers["Lumbung-Signature"], receiver.requests[1].body
    )


def test_a_receiver_that_keeps_failing_is_given_up_after_the_last_attempt(
    personas, region_a, receiver
):
    from webhooks.delivery import MAX_ATTEMPTS, RETRY_SCHEDULE

    assert RETRY_SCHEDULE == (60, 300, 1800, 7200, 43200)
    subscription, _secret = subscription_create(
        region=region_a, actor=personas.admin_a, url=receiver.url, event_types=ALL_REQUEST_STEPS
    )
    receiver.answers = [503] * 10
    delivery = send_test(region=region_a, actor=personas.admin_a, subscription=subscription)
    apply_effects(only={"webhooks.deliver"})  # every retry at once, due or not
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == MAX_ATTEMPTS == len(receiver.requests)
    assert delivery.next_attempt_at is None
    assert not PendingEffect.objects.filter(effect="webhooks.deliver").exists()


def test_the_test_event_goes_to_that_subscription_only(personas, region_a, receiver):
    first, _secret = subscription_create(
        region=region_a, actor=personas.admin_a, url=receiver.url, event_types=ALL_REQUEST_STEPS
    )
    second, _secret = subscription_create(
        region=region_a,
        actor=personas.admin_a,
        url=receiver.url + "/lain",
        event_types=ALL_REQUEST_STEPS,
    )
    send_test(region=region_a, actor=personas.admin_a, subscription=second)
    apply_effects()
    (received,) = receiver.requests
    assert received.path == "/hook/lain"
    assert json.loads(received.body)["data"]["subscription"] == second.pk
    assert not first.deliveries.exists()


def test_a_replication_request_step_reaches_both_regions_but_not_the_network(
    personas, region_a, region_b, receiver
):
    from replication.requests.services import request_create, request_transition
    from tests.replication.helpers import letter, published_entry

    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    origin, _secret = subscription_create(
        region=region_a, actor=personas.admin_a, url=receiver.url, event_types=ALL_REQUEST_STEPS
    )
    requester, _secret = subscription_create(
        region=region_b,
        actor=personas.admin_b,
        url=receiver.url + "/b",
        event_types=["replication.request.submitted"],
    )
    network, _secret = subscription_create(
        region=None,
        actor=personas.platform_admin,
        url=receiver.url + "/jaringan",
        event_types=["innovation.published"],
    )
    request = request_create(region=region_b, actor=personas.admin_b, entry=entry, letter=letter())
    request_transition("accept", request=request, actor=personas.admin_a, region=region_a)
    apply_effects()
    seen = sorted((item.path, json.loads(item.body)["type"]) for item in receiver.requests)
    assert seen == [
        ("/hook", "replication.request.accepted"),
        ("/hook", "replication.request.submitted"),
        ("/hook/b", "replication.request.submitted"),
    ]
    accepted = next(
        json.loads(item.body)
        for item in receiver.requests
        if json.loads(item.body)["type"] == "replication.request.accepted"
    )
    assert accepted["region"] == region_a.code
    assert accepted["data"]["request"] == request.pk
    assert accepted["data"]["status"] == "accepted"
    assert accepted["data"]["requester"] == region_b.code
    assert not network.deliveries.exists()
    assert origin.deliveries.count() == 2 and requester.deliveries.count() == 1


def test_a_recomputed_snapshot_is_an_event_only_when_the_index_or_predicate_moved(
    personas, region_a, receiver
):
    from rubric.years import current_year
    from tenants.scoring.snapshot import refresh

    network, _secret = subscription_create(
        region=None,
        actor=personas.platform_admin,
        url=receiver.url,
        event_types=["snapshot.changed"],
    )
    year = current_year()
    refresh(region_a, year)
    refresh(region_a, year)  # the same figures again: no event
    apply_effects(only={"webhooks.deliver"})
    events = [json.loads(item.body) for item in receiver.requests]
    assert [event["type"] for event in events] == ["snapshot.changed"]
    assert events[0]["region"] == region_a.code and events[0]["data"]["year"] == year
    assert "index" in events[0]["data"] and "predicate_code" in events[0]["data"]
    assert network.deliveries.count() == 1


def test_an_inactive_subscription_waits_and_resumes_when_made_active(personas, region_a, receiver):
    subscription, _secret = subscription_create(
        region=region_a, actor=personas.admin_a, url=receiver.url, event_types=ALL_REQUEST_STEPS
    )
    send_test(region=region_a, actor=personas.admin_a, subscription=subscription)
    subscription_update(
        region=region_a, actor=personas.admin_a, subscription=subscription, is_active=False
    )
    apply_effects()
    assert receiver.requests == []
    with pytest.raises(ValidationError):
        send_test(region=region_a, actor=personas.admin_a, subscription=subscription)
    subscription_update(
        region=region_a, actor=personas.admin_a, subscription=subscription, is_active=True
    )
    apply_effects()
    assert len(receiver.requests) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://[::1]/hook",
        "https://10.1.2.3/hook",
        "https://192.168.1.10/hook",
        "https://172.16.0.5/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "http://93.184.215.14/hook",  # public, but not https
        "https://user:sandi@93.184.215.14/hook",
        "ftp://93.184.215.14/hook",
    ],
)
def test_private_and_loopback_addresses_are_refused_outside_development(settings, url):
    settings.DEBUG = False
    settings.DJANGO_ENV = "production"
    with pytest.raises(ValidationError):
        targets.check(url)


def test_only_the_machine_itself_is_allowed_in_tests_and_development(settings):
    assert targets.check("http://127.0.0.1:9/hook") == "http://127.0.0.1:9/hook"
    assert targets.check("http://localhost:9/hook")
    for url in ("https://10.1.2.3/hook", "http://192.168.1.10/hook", "http://10.0.0.1/hook"):
        with pytest.raises(ValidationError):
            targets.check(url)
    settings.DJANGO_ENV = "production"
    settings.DEBUG = True  # DEBUG alone allows it too (scripts/run)
    assert targets.check("http://127.0.0.1:9/hook")
    # A public literal address passes the check (no name to resolve).
    settings.DEBUG = False
    assert targets.check("https://93.184.215.14/hook")


def test_a_target_that_became_private_is_not_called(settings, personas, region_a, receiver):
    subscription, _secret = subscription_create(
        region=region_a, actor=personas.admin_a, url=receiver.url, event_types=ALL_REQUEST_STEPS
    )
    delivery = send_test(region=region_a, actor=personas.admin_a, subscription=subscription)
    settings.DEBUG = False
    settings.DJANGO_ENV = "production"  # the receiver's 127.0.0.1 is no longer allowed
    deliver_due()
    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.attempts == 1 and delivery.status == DeliveryStatus.PENDING
    assert "https://" in delivery.last_error  # refused before any connection
