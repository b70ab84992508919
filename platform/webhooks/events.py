"""Emitting events: the one function the services call when something a webhook may hear about
happens. Call it inside the service's transaction: each delivery row and its pipeline effect
commit with the change, or not at all (a rolled-back change sends nothing)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.vocabulary import EVENTS, TEST_EVENT

if TYPE_CHECKING:
    from regions.models import Region

DELIVER = "webhooks.deliver"


def body(
    event_type: str, *, event_id: uuid.UUID, region: Region | None, data: dict[str, Any]
) -> dict[str, Any]:
    """The JSON document a receiver gets."""
    return {
        "id": str(event_id),
        "type": event_type,
        "created": timezone.now().isoformat(),
        "region": region.code if region is not None else None,
        "data": data,
    }


def emit(event_type: str, *, region: Region | None, data: dict[str, Any]) -> int:
    """Record event `event_type` of `region` (None: of the network as a whole) for every active
    subscription that wants it: the region's own, and the public network's when the event is a
    public one. Returns how many deliveries were recorded."""
    event = EVENTS[event_type]  # an unknown name is a programming error: fail the change loudly
    scope = Q(region__isnull=True) if event.network else Q(pk__in=[])
    if region is not None:
        scope |= Q(region_id=region.pk, region__is_active=True)
    subscriptions = list(
        WebhookSubscription.objects.filter(
            scope, is_active=True, event_types__contains=[event_type]
        )
    )
    if not subscriptions:
        return 0
    return len(_record(subscriptions, event_type, region=region, data=data))


def emit_test(subscription: WebhookSubscription) -> WebhookDelivery:
    """A `webhook.test` event for this one subscription, through the same pipeline."""
    region = subscription.region
    data = {"message": "Lumbung Inovasi webhook test", "subscription": subscription.pk}
    return _record([subscription], TEST_EVENT, region=region, data=data)[0]


def _record(
    subscriptions: list[WebhookSubscription],
    event_type: str,
    *,
    region: Region | None,
    data: dict[str, Any],
) -> list[WebhookDelivery]:
    from pipeline.services import record_many

    event_id = uuid.uuid4()
    document = body(event_type, event_id=event_id, region=region, data=data)
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(
                subscription=subscription,
                event_id=event_id,
                event_type=event_type,
                payload=document,
                next_attempt_at=timezone.now(),
            )
            for subscription in subscriptions
        )
        record_many({"name": DELIVER, "target": delivery.pk} for delivery in deliveries)
    return deliveries
