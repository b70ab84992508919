"""Reading webhook subscriptions and their delivery log, always through the region (None: the
public network) whose admins manage them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from webhooks.models import WebhookDelivery, WebhookSubscription

if TYPE_CHECKING:
    from regions.models import Region

LOG_LENGTH = 50  # the deliveries shown on the page


def subscriptions_of(region: Region | None) -> QuerySet[WebhookSubscription]:
    if region is None:
        return WebhookSubscription.objects.filter(region__isnull=True)
    return WebhookSubscription.objects.filter(region_id=region.pk)


def subscription_of(region: Region | None, pk: int) -> WebhookSubscription | None:
    return subscriptions_of(region).filter(pk=pk).first()


def deliveries_of(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """The subscription's deliveries, newest first."""
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-pk")
