"""Rankings over the API: query parameters and the shapes returned."""

from __future__ import annotations

from rest_framework import serializers

from rankings.selectors import SORTS, Basis, Level


class RankingQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    level = serializers.ChoiceField(choices=[key for key, _label in Level.CHOICES], required=False)
    province = serializers.SlugField(
        required=False, help_text="Province slug, e.g. provinsi-kalimantan-selatan."
    )
    predicate = serializers.SlugField(
        required=False, help_text="Predicate code, e.g. sangat-inovatif."
    )
    basis = serializers.ChoiceField(
        choices=[key for key, _label in Basis.CHOICES],
        required=False,
        help_text="resmi: the official index; estimasi: the estimate. Default: resmi when the year has official results.",
    )
    ordering = serializers.ChoiceField(
        choices=[*SORTS, *(f"-{key}" for key in SORTS)],
        required=False,
        help_text="Sort key (Indonesian, as on the page); a leading '-' sorts descending.",
    )
    search = serializers.CharField(required=False, max_length=80)


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.CharField()
    province_name = serializers.CharField()
    province_slug = serializers.CharField()
    is_active = serializers.BooleanField()
    index = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    predicate = serializers.CharField()
    predicate_label = serializers.CharField()
    estimate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    estimate_predicate = serializers.CharField()
    official = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    official_predicate = serializers.CharField()
    national_rank = serializers.IntegerField(
        allow_null=True, help_text="The published rank, when it was given among all pemda."
    )
    official_rank_text = serializers.CharField(
        help_text='The published rank as given, with its scope: "53/415 (antarkabupaten)".'
    )
    official_provisional = serializers.BooleanField(
        help_text="The official figure is provisional (indeks sementara)."
    )
    previous = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    change = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    innovations = serializers.IntegerField(allow_null=True)
    evidence_completeness = serializers.DecimalField(
        max_digits=4, decimal_places=2, allow_null=True, help_text="Only when `private` is true."
    )
    replications_given = serializers.IntegerField()
    replications_received = serializers.IntegerField()
    computed_at = serializers.DateTimeField(allow_null=True)


class RankingSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    level = serializers.CharField()
    basis = serializers.CharField()
    private = serializers.BooleanField(
        help_text="True when the estimates include unverified work (the viewer oversees these regions)."
    )
    province = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    scope_size = serializers.IntegerField()
    predicate_counts = serializers.DictField(child=serializers.IntegerField())
    rows = RankingRowSerializer(many=True)


class TrendQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[key for key, _label in Level.CHOICES], required=False)
    province = serializers.SlugField(required=False)
    region = serializers.SlugField(required=False, help_text="One region's own trend.")


class TrendPointSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    official = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    estimate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class TrendSerializer(serializers.Serializer):
    scope = serializers.CharField()
    private = serializers.BooleanField()
    points = TrendPointSerializer(many=True)


class SnapshotQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    province = serializers.SlugField(required=False)
    region = serializers.SlugField(required=False)


class SnapshotSerializer(serializers.Serializer):
    """A snapshot as this viewer may see it: the full estimate only where `private` is true."""

    # Null unless the viewer oversees the region (they count work not yet verified).
    PRIVATE_FIELDS = (
        "index",
        "predicate",
        "spd_score",
        "sid_score",
        "count_score",
        "innovations",
        "by_stage",
        "by_status",
        "evidence_completeness",
    )

    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.display_name")
    region_slug = serializers.CharField(source="region.slug")
    year = serializers.IntegerField()
    private = serializers.SerializerMethodField()
    index = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    predicate = serializers.CharField(source="predicate_code", allow_null=True)
    spd_score = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    sid_score = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    count_score = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    innovations = serializers.IntegerField(allow_null=True)
    by_stage = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    by_status = serializers.DictField(child=serializers.IntegerField(), allow_null=True)
    evidence_completeness = serializers.DecimalField(
        max_digits=4, decimal_places=2, allow_null=True
    )
    verified_index = serializers.DecimalField(max_digits=6, decimal_places=2)
    verified_predicate = serializers.CharField(source="verified_predicate_code")
    innovations_verified = serializers.IntegerField()
    replications_given = serializers.IntegerField()
    replications_received = serializers.IntegerField()
    computed_at = serializers.DateTimeField()

    def get_private(self, snapshot) -> bool:
        return self.context["audience"].sees_region(snapshot.region)

    def to_representation(self, snapshot):
        data = super().to_representation(snapshot)
        if not data["private"]:
            data.update(dict.fromkeys(self.PRIVATE_FIELDS))
        return data
