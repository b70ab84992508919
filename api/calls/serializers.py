from __future__ import annotations

from rest_framework import serializers

from tenants.calls import vocabulary
from tenants.calls.models import Call, CallStage, ReviewCriterion, Submission


class StageSerializer(serializers.ModelSerializer[CallStage]):
    class Meta:
        model = CallStage
        fields = ["id", "position", "code", "name", "kind"]


class CriterionSerializer(serializers.ModelSerializer[ReviewCriterion]):
    class Meta:
        model = ReviewCriterion
        fields = ["id", "name", "weight", "max_score"]


class CallSerializer(serializers.ModelSerializer[Call]):
    status = serializers.CharField(
        read_only=True, help_text="draft, open, judging, published or closed"
    )
    current_stage = serializers.CharField(source="current_stage.name", default="", read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "title",
            "description",
            "categories",
            "opens_on",
            "closes_on",
            "submitter_kinds",
            "max_team_size",
            "status",
            "current_stage",
        ]


class ResultSerializer(serializers.ModelSerializer[Submission]):
    """A line of a published ranking: what the jury announces, no contact details."""

    submitters = serializers.ListField(child=serializers.CharField(), read_only=True)
    status = serializers.CharField(read_only=True, help_text="winner or ranked")

    class Meta:
        model = Submission
        fields = ["final_rank", "title", "category", "submitters", "final_score", "status"]


class CallDetailSerializer(CallSerializer):
    stages = StageSerializer(many=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    results = serializers.SerializerMethodField()

    class Meta(CallSerializer.Meta):
        fields = [*CallSerializer.Meta.fields, "stages", "criteria", "results"]

    def get_results(self, call: Call) -> list[dict]:
        from tenants.calls.selectors import published_results

        return ResultSerializer(published_results(call), many=True).data  # type: ignore[return-value]


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    """A submission as the call's managers see it."""

    submitters = serializers.ListField(child=serializers.CharField(), read_only=True)
    current_stage = serializers.CharField(source="current_stage.name", default="", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="active, eliminated, disqualified, ranked or winner"
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "receipt_number",
            "submitter_kind",
            "contact_name",
            "contact_email",
            "contact_phone",
            "submitters",
            "title",
            "category",
            "problem",
            "solution",
            "opd",
            "status",
            "current_stage",
            "final_rank",
            "final_score",
            "disqualified_reason",
            "innovation_id",
            "forwarded_from_region_code",
            "created_at",
        ]


class PublicSubmissionSerializer(serializers.Serializer):
    """A visitor's submission (no files: those go to the receipt's attachments endpoint)."""

    submitter_kind = serializers.ChoiceField(choices=vocabulary.submitter_kind_choices())
    contact_name = serializers.CharField(max_length=150)
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    team_members = serializers.ListField(
        child=serializers.CharField(max_length=150), max_length=4, required=False, default=list
    )
    title = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=vocabulary.category_choices())
    problem = serializers.CharField(max_length=5000)
    solution = serializers.CharField(max_length=5000)


class ReceiptSerializer(serializers.Serializer):
    receipt_number = serializers.CharField()
    call_title = serializers.CharField()
    status_label = serializers.CharField()
    stage_name = serializers.CharField()
    submitted_on = serializers.CharField()


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()


class DeclarationSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField()
    conflict_note = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


class ScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=0), help_text="criterion id -> score"
    )
    note = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")


class StageScoreSerializer(serializers.Serializer):
    has_conflict = serializers.BooleanField()
    scores = serializers.DictField(child=serializers.IntegerField())
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
