from rest_framework import serializers

from tenants.history.models import Change


class ChangeSerializer(serializers.ModelSerializer):
    subject_label = serializers.CharField(source="get_subject_display", read_only=True)
    changes = serializers.DictField(
        child=serializers.ListField(),
        read_only=True,
        help_text="{field: [old, new]} for the fields that changed.",
    )

    class Meta:
        model = Change
        fields = [
            "id",
            "at",
            "actor_id",
            "actor_name",
            "innovation_id",
            "innovation_name",
            "year",
            "subject",
            "subject_label",
            "subject_id",
            "action",
            "summary",
            "changes",
        ]
        read_only_fields = fields
