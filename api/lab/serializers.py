from __future__ import annotations

from rest_framework import serializers

from api.fields import StrictCharField
from tenants.lab.commitments import kind_choices
from tenants.lab.models import LabProject, OpdCommitment, StageDocument
from tenants.lab.selectors import project_stages


class StageDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageDocument
        fields = [
            "id",
            "stage",
            "kind",
            "title",
            "original_name",
            "content_type",
            "size",
            "uploaded_at",
        ]
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    opd_name = serializers.CharField(source="opd.name", read_only=True)
    is_finished = serializers.BooleanField(read_only=True)

    class Meta:
        model = LabProject
        fields = [
            "id",
            "title",
            "opd",
            "opd_name",
            "origin_idea",
            "problem",
            "stage",
            "team",
            "started_on",
            "finished_at",
            "is_finished",
            "innovation",
            "created_at",
        ]
        read_only_fields = fields


class StageDocumentKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    # The metaclass moves declared fields off the class (Field.label and Field.required stay
    # the attributes); the stubs cannot see that.
    label = serializers.CharField()  # type: ignore[assignment]
    required = serializers.BooleanField()  # type: ignore[assignment]


class ProjectStageSerializer(serializers.Serializer):
    code = serializers.CharField(source="stage.code")
    label = serializers.CharField(source="stage.label")  # type: ignore[assignment]
    reached = serializers.BooleanField()
    current = serializers.BooleanField()
    document_kinds = StageDocumentKindSerializer(source="stage.documents", many=True)
    documents = StageDocumentSerializer(many=True)
    missing = serializers.ListField(
        child=serializers.CharField(), help_text="Required documents not uploaded yet."
    )


class ProjectDetailSerializer(ProjectSerializer):
    stages = serializers.SerializerMethodField()

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "stages"]
        read_only_fields = fields

    def get_stages(self, project: LabProject) -> list[dict]:
        return list(ProjectStageSerializer(project_stages(project), many=True).data)


class ProjectCreateSerializer(serializers.Serializer):
    opd = serializers.IntegerField(min_value=1)
    title = StrictCharField(max_length=200)
    problem = StrictCharField(max_length=5000, required=False, allow_blank=True, default="")
    team = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")


class DocumentUploadSerializer(serializers.Serializer):
    kind = StrictCharField(max_length=40, help_text="A document kind of the stage.")
    stage = StrictCharField(
        max_length=30, required=False, allow_blank=True, default="", help_text="Default: current."
    )
    title = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    file = serializers.FileField(max_length=255, help_text="PDF, JPG or PNG (checked by content).")


class CommitmentSerializer(serializers.ModelSerializer):
    opd_name = serializers.CharField(source="opd.name", read_only=True)

    class Meta:
        model = OpdCommitment
        fields = [
            "id",
            "opd",
            "opd_name",
            "year",
            "kind",
            "number",
            "signed_on",
            "signed_by",
            "original_name",
            "size",
            "uploaded_at",
        ]
        read_only_fields = fields


class CommitmentUploadSerializer(serializers.Serializer):
    opd = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=kind_choices())
    number = StrictCharField(max_length=100)
    signed_on = serializers.DateField()
    signed_by = StrictCharField(max_length=150)
    file = serializers.FileField(max_length=255, help_text="PDF (checked by its content).")
