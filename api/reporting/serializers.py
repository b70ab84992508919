from __future__ import annotations

from rest_framework import serializers

from tenants.reporting.selectors import OpdStatus
from tenants.reporting.services import MAX_TARGET


class TargetSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    min_innovations_per_opd = serializers.IntegerField(min_value=1, max_value=MAX_TARGET)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    is_default = serializers.BooleanField(read_only=True)


class OpdReportingSerializer(serializers.Serializer):
    opd_id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    reported = serializers.IntegerField()
    verified = serializers.IntegerField()
    unverified = serializers.IntegerField()
    drafts = serializers.IntegerField()
    status = serializers.ChoiceField(choices=OpdStatus.choices)
    last_reminded = serializers.DateField(allow_null=True)


class YearReportingSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="target.year")
    target = TargetSerializer()
    counts = serializers.DictField(child=serializers.IntegerField())
    opds = OpdReportingSerializer(many=True, source="rows")


class ReminderInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    opd_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=1000
    )


class ReminderResultSerializer(serializers.Serializer):
    opds = serializers.IntegerField()
    people = serializers.IntegerField()
    already = serializers.IntegerField()
    without_operator = serializers.ListField(child=serializers.CharField())


class TrendRowSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    innovations = serializers.IntegerField()
    verified = serializers.IntegerField()
    opds = serializers.IntegerField()
