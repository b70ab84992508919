from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from tenants.calls import vocabulary
from tenants.calls.models import (
    Call,
    CallStage,
    FollowUp,
    FollowUpStatus,
    JuryMember,
    Objection,
    ReviewCriterion,
    StageScore,
    Submission,
    SubmissionAttachment,
)

# The vocabularies' choice sets, named once so the schema gives each one enum whatever field
# carries it (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
CATEGORY_CHOICES = vocabulary.category_choices()
SUBMITTER_KIND_CHOICES = vocabulary.submitter_kind_choices()
FOLLOW_UP_KIND_CHOICES = vocabulary.follow_up_choices()


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

    submitter_kind = serializers.ChoiceField(choices=SUBMITTER_KIND_CHOICES)
    contact_name = serializers.CharField(max_length=150)
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )
    team_members = serializers.ListField(
        child=serializers.CharField(max_length=150), max_length=4, required=False, default=list
    )
    title = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
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


class CallWriteSerializer(serializers.Serializer):
    """A call's description, period and rules, as the managers' form takes them (PATCH: any)."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=CATEGORY_CHOICES), min_length=1
    )
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    submitter_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=SUBMITTER_KIND_CHOICES), min_length=1
    )
    max_team_size = serializers.IntegerField(
        min_value=1, max_value=vocabulary.max_team_size(), default=vocabulary.max_team_size()
    )

    def validate(self, attrs: dict) -> dict:
        call = self.instance
        opens_on = attrs.get("opens_on", getattr(call, "opens_on", None))
        closes_on = attrs.get("closes_on", getattr(call, "closes_on", None))
        if opens_on and closes_on and closes_on < opens_on:
            raise serializers.ValidationError(
                {"closes_on": _("Tanggal tutup tidak boleh sebelum tanggal buka.")}
            )
        return attrs


class StepSerializer(serializers.Serializer):
    keep = serializers.IntegerField(
        min_value=1,
        required=False,
        allow_null=True,
        default=None,
        help_text="advance from a review stage: how many pass (null: all not eliminated)",
    )
    winners = serializers.IntegerField(
        min_value=1, required=False, default=3, help_text="publish: how many of the ranking win"
    )


class JurorSerializer(serializers.ModelSerializer[JuryMember]):
    class Meta:
        model = JuryMember
        fields = ["id", "user_id", "name", "affiliation_kind", "affiliation"]
        read_only_fields = fields


class JurorAddSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text="a region member with the jury role")
    affiliation_kind = serializers.ChoiceField(choices=vocabulary.affiliation_choices())
    affiliation = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )


class CriterionAddSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    weight = serializers.IntegerField(min_value=1, max_value=100)
    max_score = serializers.IntegerField(min_value=1, max_value=1000, default=100)


class SubmissionAttachmentSerializer(serializers.ModelSerializer[SubmissionAttachment]):
    class Meta:
        model = SubmissionAttachment
        fields = ["id", "original_name", "content_type", "size", "uploaded_at"]


class ScoreRowSerializer(serializers.ModelSerializer[StageScore]):
    stage = serializers.CharField(source="stage.name")
    juror = serializers.CharField(source="juror.name")

    class Meta:
        model = StageScore
        fields = ["stage", "juror", "has_conflict", "conflict_note", "scores", "total", "note"]


class ObjectionSerializer(serializers.ModelSerializer[Objection]):
    class Meta:
        model = Objection
        fields = [
            "id",
            "claimant_name",
            "claimant_contact",
            "reason",
            "status",
            "decided_at",
            "created_at",
        ]


class FollowUpSerializer(serializers.ModelSerializer[FollowUp]):
    class Meta:
        model = FollowUp
        fields = ["kind", "status", "note", "updated_at"]


class SubmissionDetailSerializer(SubmissionSerializer):
    """One submission as its call's managers see it: with its files, the jury's scores, the
    objections against it and its follow-ups (read by selectors.submission_detail and set on the
    instance as _attachments, _scores, _objections and _follow_ups)."""

    call = serializers.IntegerField(source="call_id", read_only=True)
    team_members = serializers.ListField(child=serializers.CharField(), read_only=True)
    attachments = SubmissionAttachmentSerializer(many=True, read_only=True, source="_attachments")
    scores = ScoreRowSerializer(many=True, read_only=True, source="_scores")
    objections = ObjectionSerializer(many=True, read_only=True, source="_objections")
    follow_ups = FollowUpSerializer(many=True, read_only=True, source="_follow_ups")

    class Meta(SubmissionSerializer.Meta):
        fields = [
            *SubmissionSerializer.Meta.fields,
            "call",
            "team_members",
            "attachments",
            "scores",
            "objections",
            "follow_ups",
        ]


class AcceptSerializer(serializers.Serializer):
    opd = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text="the OPD unit that takes on a community innovation",
    )


class AcceptedSerializer(serializers.Serializer):
    innovation_id = serializers.IntegerField()
    name = serializers.CharField()


class FollowUpWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FOLLOW_UP_KIND_CHOICES)
    status = serializers.ChoiceField(choices=FollowUpStatus.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ForwardSerializer(serializers.Serializer):
    call = serializers.IntegerField(help_text="an open call of the region's province")


class ObjectionFileSerializer(serializers.Serializer):
    """A visitor's claim, during the uji publik, that a submission is not original."""

    submission = serializers.IntegerField(help_text="a submission under public test")
    claimant_name = serializers.CharField(max_length=150)
    claimant_contact = serializers.CharField(max_length=150)
    reason = serializers.CharField(max_length=3000)


class ObjectionFiledSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


class ObjectionDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["uphold", "reject"])
