"""Webhook subscriptions and deliveries over the API. The secret appears in two answers only:
the creation's and the rotation's."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from webhooks.vocabulary import EVENTS

EVENT_CHOICES = sorted(EVENTS)


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    region = serializers.SerializerMethodField(help_text="Region code; null: the public network")
    created_by = serializers.SerializerMethodField(help_text="Who created it (e-mail)")
    event_types = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_CHOICES))

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "description",
            "event_types",
            "is_active",
            "region",
            "created_by",
            "created_at",
            "updated_at",
            "secret_rotated_at",
        ]
        read_only_fields = fields

    def get_region(self, subscription: WebhookSubscription) -> str | None:
        return subscription.region.code if subscription.region is not None else None

    def get_created_by(self, subscription: WebhookSubscription) -> str | None:
        return subscription.created_by.email if subscription.created_by is not None else None


class WebhookSubscriptionWithSecretSerializer(WebhookSubscriptionSerializer):
    secret = serializers.SerializerMethodField(
        help_text="The signing secret: shown in this answer only, never again"
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields

    def get_secret(self, subscription: WebhookSubscription) -> str:
        return str(self.context["secret"])


class WebhookSubscriptionWriteSerializer(serializers.Serializer):
    url = serializers.CharField(
        max_length=500, help_text="https URL of the receiver (public addresses only)"
    )
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES),
        min_length=1,
        help_text="The events to receive (a region's own, or the public network's)",
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)

    def to_service(self) -> dict[str, Any]:
        return dict(self.validated_data)


class SecretSerializer(serializers.Serializer):
    secret = serializers.CharField(help_text="The new signing secret: shown in this answer only")


class WebhookDeliverySerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "status",
            "attempts",
            "created_at",
            "last_attempt_at",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields
