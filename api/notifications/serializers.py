from __future__ import annotations

from rest_framework import serializers

from replication.notifications.models import EmailPreference, Notification


class NotificationSerializer(serializers.ModelSerializer):
    region = serializers.SerializerMethodField()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "url",
            "region",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    def get_region(self, notification: Notification) -> str | None:
        region = notification.region  # None without a query when region_id is None
        return region.display_name if region is not None else None

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2147483647),
        allow_empty=True,
        max_length=500,
        help_text="Your notifications to mark read (others' ids change nothing).",
    )
    all = serializers.BooleanField(
        required=False, default=False, help_text="true: mark every one read (`ids` is ignored)."
    )


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many changed from unread to read.")
    unread = serializers.IntegerField(help_text="How many are still unread.")


class NotificationSettingsSerializer(serializers.Serializer):
    email = serializers.ChoiceField(
        choices=EmailPreference.choices,
        help_text="immediate: an e-mail per notification; daily: one daily digest; none: none.",
    )
