from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import OptionalSlugField, OptionalURLField, StrictCharField
from tenants.assessment.models import Answer, Evidence, EvidenceStatus, Report, ReviewNote
from tenants.assessment.workflow import TRANSITIONS

if TYPE_CHECKING:
    from decimal import Decimal

    from tenants.scoring.compute import InnovationScore

MAX_TEXT = 5000
# What a verifier may decide about one evidence item.
REVIEW_DECISIONS = [
    (EvidenceStatus.ACCEPTED.value, EvidenceStatus.ACCEPTED.label),
    (EvidenceStatus.REJECTED.value, EvidenceStatus.REJECTED.label),
]


def _score_field(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text=help_text
    )


def _decimal_text(value: Decimal) -> str:
    """A decimal as the schema's DecimalField documents it (text with two places)."""
    return serializers.DecimalField(max_digits=8, decimal_places=2).to_representation(value)


class InnovationBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    opd = serializers.IntegerField(source="opd_id")
    opd_name = serializers.CharField(source="opd.name")


class EvidenceSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    download_url = serializers.SerializerMethodField()
    url = OptionalURLField(help_text="The link, for evidence given as a link; null for a file.")

    class Meta:
        model = Evidence
        fields = [
            "id",
            "answer",
            "kind",
            "url",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "status",
            "status_label",
            "review_note",
            "uploaded_at",
            "reviewed_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_kind(self, evidence: Evidence) -> str:
        return "file" if evidence.is_file else "url"

    def get_download_url(self, evidence: Evidence) -> str | None:
        if not evidence.is_file:
            return None
        path = reverse("api:evidence-download", kwargs={"pk": evidence.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


BASIS_HELP = "The basis of assessment, for indicators that have several; else null."


class AnswerSerializer(serializers.ModelSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    basis = OptionalSlugField(help_text=BASIS_HELP)

    class Meta:
        model = Answer
        fields = [
            "id",
            "year",
            "report",
            "indicator_code",
            "basis",
            "level",
            "note",
            "updated_at",
            "evidence",
        ]
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    indicator_code = StrictCharField(max_length=12, help_text='Rubric code, e.g. "SID-16".')
    basis = StrictCharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="The basis of assessment, for indicators that have several (else empty).",
    )
    level = serializers.IntegerField(
        min_value=1,
        max_value=3,
        allow_null=True,
        help_text="Parameter level 1, 2 or 3; null clears.",
    )
    note = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class RegionAnswerInputSerializer(AnswerInputSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class ReviewNoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewNote
        fields = ["id", "target", "message", "round", "created_by_name", "created_at"]
        read_only_fields = fields


class TransitionOptionSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="submit, return, verify or reopen")
    # The metaclass moves declared fields off the class; the stubs see Field.label (a str).
    label = serializers.CharField()  # type: ignore[assignment]


class ReportScoreMixin(serializers.Serializer):
    score = serializers.SerializerMethodField()
    evidence_completeness = serializers.SerializerMethodField()
    eligible = serializers.SerializerMethodField()

    def _score(self, report: Report) -> InnovationScore | None:
        return self.context.get("scores", {}).get(report.pk)

    @extend_schema_field(_score_field("SID points scored now."))
    def get_score(self, report: Report) -> str | None:
        item = self._score(report)
        return _decimal_text(item.score) if item else None

    @extend_schema_field(
        serializers.DecimalField(
            max_digits=4,
            decimal_places=2,
            allow_null=True,
            help_text="Share (0 to 1) of the SID indicators answered with evidence not rejected.",
        )
    )
    def get_evidence_completeness(self, report: Report) -> str | None:
        item = self._score(report)
        return _decimal_text(item.evidence_completeness) if item else None

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_eligible(self, report: Report) -> bool | None:
        item = self._score(report)
        return item.eligible if item else None


class ReportListSerializer(ReportScoreMixin, serializers.ModelSerializer):
    innovation = InnovationBriefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "year",
            "innovation",
            "status",
            "status_label",
            "submission_count",
            "submitted_at",
            "reviewed_at",
            "updated_at",
            "score",
            "evidence_completeness",
            "eligible",
        ]
        read_only_fields = fields


class ReportDetailSerializer(ReportListSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    notes = ReviewNoteSerializer(many=True, read_only=True)
    allowed_transitions = serializers.SerializerMethodField()
    profile_gaps = serializers.SerializerMethodField()

    class Meta(ReportListSerializer.Meta):
        fields = [
            *ReportListSerializer.Meta.fields,
            "profile_gaps",
            "allowed_transitions",
            "answers",
            "notes",
        ]
        read_only_fields = fields

    @extend_schema_field(TransitionOptionSerializer(many=True))
    def get_allowed_transitions(self, report: Report) -> list[dict[str, Any]]:
        return [
            {"name": transition.name, "label": str(transition.label)}
            for transition in self.context.get("allowed_transitions", [])
        ]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_profile_gaps(self, report: Report) -> dict[str, str]:
        item = self._score(report)
        return item.profile_gaps if item else {}


class NoteInputSerializer(serializers.Serializer):
    target = StrictCharField(
        max_length=40,
        required=False,
        allow_blank=True,
        default="",
        help_text="A profile field, an indicator code, or empty for the report as a whole.",
    )
    message = StrictCharField(max_length=MAX_TEXT)


# Named in SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES beside the replication request's steps.
REPORT_TRANSITIONS = list(TRANSITIONS)


class ReportTransitionSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=REPORT_TRANSITIONS)
    # Stubs: max_length is a ListSerializer argument, which many=True passes on.
    notes = NoteInputSerializer(  # type: ignore[call-arg]
        many=True, required=False, max_length=100, help_text="Required to `return`."
    )
    reason = StrictCharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required to `reopen`.",
    )


class EvidenceCreateSerializer(serializers.Serializer):
    """Exactly one of `file` (multipart upload, checked by its content) and `url`."""

    file = serializers.FileField(required=False, max_length=255)
    url = serializers.URLField(required=False, max_length=500)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("file")) == bool(attrs.get("url")):
            raise serializers.ValidationError(
                _("Kirim tepat satu: berkas (file) atau tautan (url).")
            )
        return attrs


class EvidenceReviewSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=REVIEW_DECISIONS)
    note = StrictCharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when rejecting.",
    )


class IndicatorScoreSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.IntegerField(allow_null=True)
    basis = OptionalSlugField(help_text=BASIS_HELP)
    option_score = serializers.DecimalField(max_digits=8, decimal_places=2)
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    accepted = serializers.IntegerField()
    pending = serializers.IntegerField()
    rejected = serializers.IntegerField()


class InnovationScoreSerializer(serializers.Serializer):
    innovation = InnovationBriefSerializer()
    report_id = serializers.IntegerField()
    report_status = serializers.CharField()
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    potential = serializers.DecimalField(max_digits=8, decimal_places=2)
    eligible = serializers.BooleanField()
    evidence_completeness = serializers.DecimalField(max_digits=4, decimal_places=2)
    profile_gaps = serializers.DictField(child=serializers.CharField())


class RegionScoreSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    spd_score = serializers.DecimalField(max_digits=8, decimal_places=2)
    sid_score = serializers.DecimalField(max_digits=8, decimal_places=2)
    sid_divisor = serializers.IntegerField()
    count_score = serializers.DecimalField(max_digits=8, decimal_places=2)
    innovation_count = serializers.IntegerField(help_text="Eligible innovations counted.")
    basic_services_covered = serializers.IntegerField()
    count_gate_met = serializers.BooleanField()
    total = serializers.DecimalField(max_digits=8, decimal_places=2)
    max_total = serializers.DecimalField(max_digits=8, decimal_places=2)
    index = serializers.DecimalField(max_digits=6, decimal_places=2)
    predicate_code = serializers.CharField(allow_blank=True)
    predicate_label = serializers.CharField(allow_blank=True)
    potential_index = serializers.DecimalField(max_digits=6, decimal_places=2)
    spd = IndicatorScoreSerializer(many=True)
    innovations = InnovationScoreSerializer(
        many=True, help_text="Only the innovations the caller may see."
    )


class GapSerializer(serializers.Serializer):
    kind = serializers.CharField()
    message = serializers.CharField()
    stake = serializers.DecimalField(
        max_digits=6, decimal_places=2, help_text="Index points gained by closing this gap."
    )
    up_to = serializers.BooleanField(help_text="`stake` is a maximum (unanswered indicator).")
    mandatory = serializers.BooleanField()
    innovation = InnovationBriefSerializer(allow_null=True)
    report_id = serializers.IntegerField(allow_null=True)
    target = serializers.CharField(
        allow_blank=True, help_text="A profile field or an indicator code."
    )


class ReadinessSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    index = serializers.DecimalField(max_digits=6, decimal_places=2)
    potential_index = serializers.DecimalField(max_digits=6, decimal_places=2)
    gain = serializers.DecimalField(max_digits=6, decimal_places=2)
    count = serializers.IntegerField(help_text="Gaps matching the filters.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = GapSerializer(many=True, help_text="Largest stake first.")
