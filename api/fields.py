from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Checks `max_length` on the text as sent, before surrounding spaces are trimmed, so the
    limit documented in the schema is the limit enforced."""

    def to_internal_value(self, data):
        if isinstance(data, str) and self.max_length is not None and len(data) > self.max_length:
            raise serializers.ValidationError(
                _("Paling banyak %(max)d karakter.") % {"max": self.max_length}, code="max_length"
            )
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }
