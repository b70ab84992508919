from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Text input as the schema documents it: `max_length` is checked on the text as sent, before
    surrounding spaces are trimmed, and NUL characters (which PostgreSQL cannot store and which
    never mean anything in a name) are dropped rather than refusing the whole request."""

    def to_internal_value(self, data: Any) -> str:  # data: whatever the client sent
        if isinstance(data, str):
            if self.max_length is not None and len(data) > self.max_length:
                raise serializers.ValidationError(
                    _("Paling banyak %(max)d karakter.") % {"max": self.max_length},
                    code="max_length",
                )
            data = data.replace("\x00", "")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
    }


class _BlankAsNull:
    """Output of a `blank=True` column whose empty value means "none": sent as null, so every
    string the API does send matches the pattern or format its schema states (an empty string
    is neither a slug nor a URI)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return super().to_representation(value) if value else None  # type: ignore[misc]


class OptionalSlugField(_BlankAsNull, serializers.SlugField):
    pass


class OptionalURLField(_BlankAsNull, serializers.URLField):
    pass
