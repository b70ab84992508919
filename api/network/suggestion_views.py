"""Replication suggestions for the region (region hosts): the same list as the dashboard's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, can
from api.permissions import RegionAction, region_of
from replication.network.suggestions import BASIC_SERVICE, NO_INNOVATION, suggestions_for

if TYPE_CHECKING:
    from rest_framework.request import Request


class SuggestionSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(source="entry.public_id")
    name = serializers.CharField(source="entry.name")
    region_code = serializers.CharField(source="entry.region.code")
    region_name = serializers.CharField(source="entry.region.display_name")
    affair = serializers.CharField(source="entry.affair")
    affair_name = serializers.CharField(source="entry.affair_name")
    group = serializers.ChoiceField(
        choices=[BASIC_SERVICE, NO_INNOVATION],
        help_text="basic_service: an uncovered basic-service affair while the count-score gate "
        "is not met; no_innovation: an affair without any innovation of the region.",
    )
    group_label = serializers.CharField()
    reason = serializers.CharField()
    rank = serializers.FloatField(
        help_text="0.5 x score/max_score + 0.3 x evidence_completeness "
        "+ 0.2 x min(replica_count, 3)/3"
    )
    score = serializers.DecimalField(source="entry.score", max_digits=7, decimal_places=2)
    max_score = serializers.DecimalField(source="entry.max_score", max_digits=7, decimal_places=2)
    evidence_completeness = serializers.DecimalField(
        source="entry.evidence_completeness", max_digits=4, decimal_places=2
    )
    replica_count = serializers.IntegerField(source="entry.replica_count")


class SuggestionsSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    basic_service_gate = serializers.IntegerField(source="gate", allow_null=True)
    basic_services_covered = serializers.IntegerField(source="basic_covered")
    gate_met = serializers.BooleanField()
    may_request = serializers.BooleanField(
        help_text="Whether the caller may submit replication requests for this region."
    )
    suggestions = SuggestionSerializer(source="items", many=True)


@extend_schema(
    tags=["replication"],
    summary="Catalog innovations that would close this region's scoring gaps, best first",
    description=(
        "Uncovered basic-service affairs first (while the count-score gate is not met), then "
        "affairs without any innovation of the region; the region's own entries and entries it "
        "already has an open or credited request for are left out."
    ),
    responses=SuggestionsSerializer,
)
class SuggestionsApi(APIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION

    def get(self, request: Request) -> Response:
        region = region_of(request)
        result = suggestions_for(region)
        body = {
            "year": result.year,
            "gate": result.gate,
            "basic_covered": result.basic_covered,
            "gate_met": result.gate_met,
            "may_request": can(request.user, Action.MANAGE_REPLICATION, region),
            "items": result.items,
        }
        return Response(SuggestionsSerializer(body).data)
