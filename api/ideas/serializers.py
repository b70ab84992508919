from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.fields import StrictCharField
from tenants.ideas.models import Idea, IdeaStatus, ProposerKind
from tenants.ideas.services import TRIAGE_STATUSES


class IdeaSerializer(serializers.ModelSerializer):
    """An idea; `proposer_name`, `proposer_contact` and `receipt_code` are empty unless the caller
    triages ideas or proposed this one."""

    suggested_opd_name = serializers.CharField(
        source="suggested_opd.name", read_only=True, default=None, allow_null=True
    )
    adopted_by_opd_name = serializers.CharField(
        source="adopted_by_opd.name", read_only=True, default=None, allow_null=True
    )
    lab_project = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id",
            "title",
            "problem",
            "proposal",
            "proposer_kind",
            "proposer_name",
            "proposer_contact",
            "receipt_code",
            "suggested_opd",
            "suggested_opd_name",
            "status",
            "duplicate_of",
            "triage_note",
            "triaged_at",
            "adopted_by_opd",
            "adopted_by_opd_name",
            "adopted_at",
            "lab_project",
            "created_at",
        ]
        read_only_fields = fields

    def get_lab_project(self, idea: Idea) -> int | None:
        project = getattr(idea, "lab_project", None) if idea.status == IdeaStatus.ADOPTED else None
        return project.pk if project is not None else None

    def to_representation(self, instance: Idea) -> dict[str, Any]:
        data = super().to_representation(instance)
        may_see = self.context.get("may_see_proposer")
        if may_see is None or not may_see(instance):
            data.update(proposer_name="", proposer_contact="", receipt_code="")
        return data


class IdeaDetailSerializer(IdeaSerializer):
    similar = serializers.SerializerMethodField(
        help_text="Ids of ideas with a look-alike title (triagers only; empty otherwise)."
    )

    class Meta(IdeaSerializer.Meta):
        fields = [*IdeaSerializer.Meta.fields, "similar"]
        read_only_fields = fields

    def get_similar(self, idea: Idea) -> list[int]:
        return list(self.context.get("similar", []))


class IdeaCreateSerializer(serializers.Serializer):
    title = StrictCharField(max_length=200)
    problem = StrictCharField(max_length=5000)
    proposal = StrictCharField(max_length=5000)
    proposer_kind = serializers.ChoiceField(
        choices=[ProposerKind.ASN, ProposerKind.OPD], default=ProposerKind.ASN
    )
    suggested_opd = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class TriageSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[str(status) for status in TRIAGE_STATUSES])
    note = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")
    duplicate_of = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class AdoptSerializer(serializers.Serializer):
    opd = serializers.IntegerField(min_value=1, help_text="The adopting OPD unit's id.")
