from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework import serializers

from api.fields import StrictModelSerializer
from tenants.organization.models import Facilitator, OpdUnit

if TYPE_CHECKING:
    from rest_framework.validators import Validator


class OpdUnitSerializer(StrictModelSerializer):
    class Meta:
        model = OpdUnit
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "head_name",
            "contact_email",
            "contact_phone",
            "updated_at",
        ]
        read_only_fields = ["id", "updated_at"]
        # Uniqueness is enforced by the database (case-insensitive) and reported by the service.
        validators: list[Validator[Any]] = []


class FacilitatorSerializer(StrictModelSerializer):
    opd = serializers.PrimaryKeyRelatedField(queryset=OpdUnit.objects.all())
    opd_name = serializers.CharField(source="opd.name", read_only=True)

    class Meta:
        model = Facilitator
        fields = [
            "id",
            "opd",
            "opd_name",
            "name",
            "position",
            "nip",
            "email",
            "phone",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]
