"""The official results desk over the API: what was imported, and the upload of a new file."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from rankings.models import OfficialResult, RankScope, ResultStatus
from rankings.official import FIRST_YEAR, MAX_SOURCE_LENGTH


class OfficialImportUploadSerializer(serializers.Serializer):
    """The page's form (rankings.official_views.OfficialImportForm), field for field."""

    file = serializers.FileField(
        max_length=255,
        help_text="The filled-in official results template (.xlsx) or a CSV with its columns.",
    )
    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=FIRST_YEAR,
        help_text=(
            "The assessment year for the whole file: rows with an empty year column take it, "
            "rows naming another year are rejected. Without it, each row's year column counts."
        ),
    )
    # A declared field, which DRF takes off the class, not Field.source.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=MAX_SOURCE_LENGTH,
        help_text="Where the results were published (e.g. the Kepmendagri on the IGA awards).",
    )

    def validate_year(self, year: int | None) -> int | None:
        if year is not None and year > timezone.localdate().year:
            # DRF's own message (translated by DRF): no year after this one has results yet.
            message = self.fields["year"].error_messages["max_value"]
            raise serializers.ValidationError(message.format(max_value=timezone.localdate().year))
        return year


class OfficialPredicateCountSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.label
    regions = serializers.IntegerField()


class OfficialYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    regions = serializers.IntegerField(help_text="How many regions have a result that year.")
    last_imported_at = serializers.DateTimeField()
    predicates = serializers.SerializerMethodField(
        help_text="How many regions per predicate, the highest predicate first."
    )

    def get_predicates(self, row: dict) -> list[dict]:
        data = [{"label": label, "regions": n} for label, n in row["predicates"]]
        return list(OfficialPredicateCountSerializer(data, many=True).data)


class OfficialResultSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code", help_text="The region's Kemendagri code.")
    region_name = serializers.CharField(source="region.name")
    status = serializers.ChoiceField(choices=ResultStatus.choices)
    rank_scope = serializers.ChoiceField(
        choices=[("", ""), *RankScope.choices], help_text="Among whom the rank was given."
    )
    imported_by = serializers.EmailField(source="imported_by.email", allow_null=True, default=None)

    class Meta:
        model = OfficialResult
        fields = [
            "region",
            "region_name",
            "year",
            "index",
            "predicate_code",
            "predicate_label",
            "status",
            "rank",
            "rank_scope",
            "rank_total",
            "source",
            "is_demo",
            "imported_at",
            "imported_by",
        ]
        read_only_fields = fields
