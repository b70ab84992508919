from rest_framework import serializers

from api.fields import OptionalSlugField
from rubric.models import Indicator, IndicatorOption, PredicateBand, RubricYear


class PredicateBandSerializer(serializers.ModelSerializer):
    class Meta:
        model = PredicateBand
        fields = ["code", "label", "min_index"]


class RubricYearSerializer(serializers.ModelSerializer):
    bands = PredicateBandSerializer(many=True, read_only=True)

    class Meta:
        model = RubricYear
        fields = [
            "year",
            "title",
            "sid_divisor_floor",
            "count_score_per_innovation",
            "count_score_cap",
            "basic_service_gate",
            "max_spd",
            "max_sid",
            "max_count",
            "max_total",
            "predicates_uncertain",
            "bands",
        ]
        read_only_fields = fields


class IndicatorOptionSerializer(serializers.ModelSerializer):
    basis = OptionalSlugField(
        help_text="The basis this level belongs to, for indicators that have several; else null."
    )

    class Meta:
        model = IndicatorOption
        fields = ["basis", "basis_label", "basis_evidence", "level", "label", "score"]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    options = IndicatorOptionSerializer(many=True, read_only=True)
    file_types = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "part",
            "number",
            "sub",
            "variable",
            "name",
            "description",
            "weight",
            "mandatory",
            "evidence",
            "file_types",
            "accepts_url",
            "uncertain",
            "uncertain_note",
            "options",
        ]
        read_only_fields = fields
