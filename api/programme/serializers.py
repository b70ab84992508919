from __future__ import annotations

from rest_framework import serializers

from api.fields import StrictModelSerializer
from tenants.organization.models import Facilitator, OpdUnit
from tenants.programme.models import Attendance, EventMaterial, LearningEvent
from tenants.programme.vocabulary import kind_choices


class EventSerializer(StrictModelSerializer):
    kind = serializers.ChoiceField(choices=kind_choices())
    invited_opds = serializers.PrimaryKeyRelatedField(
        queryset=OpdUnit.objects.all(), many=True, required=False
    )
    minutes_file = serializers.SerializerMethodField()

    class Meta:
        model = LearningEvent
        fields = [
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "description",
            "invited_opds",
            "minutes",
            "minutes_file",
            "updated_at",
        ]
        read_only_fields = ["id", "minutes", "minutes_file", "updated_at"]

    def get_minutes_file(self, event: LearningEvent) -> str:
        return event.minutes_file_name if event.minutes_file else ""


class AttendanceSerializer(StrictModelSerializer):
    opd = serializers.PrimaryKeyRelatedField(queryset=OpdUnit.objects.all(), required=False)
    facilitator = serializers.PrimaryKeyRelatedField(
        queryset=Facilitator.objects.all(), required=False, allow_null=True
    )
    person_name = serializers.CharField(max_length=150, required=False, allow_blank=True)

    class Meta:
        model = Attendance
        fields = ["id", "opd", "facilitator", "person_name", "present"]
        read_only_fields = ["id"]
        validators: list = []


class MaterialSerializer(StrictModelSerializer):
    file = serializers.FileField(write_only=True, required=False)
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = EventMaterial
        fields = ["id", "title", "link", "file", "has_file", "original_name", "size", "created_at"]
        read_only_fields = ["id", "has_file", "original_name", "size", "created_at"]
        extra_kwargs = {"title": {"required": False, "allow_blank": True}}

    def get_has_file(self, material: EventMaterial) -> bool:
        return bool(material.file)


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField(max_length=20000, allow_blank=True)
    file = serializers.FileField(required=False)
    remove_file = serializers.BooleanField(required=False, default=False)
