from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import StrictCharField, StrictModelSerializer
from tenants.assessment.evidence_files import check_upload
from tenants.assessment.models import ReportStatus
from tenants.innovations.models import Innovation
from tenants.innovations.profile import LISTED_FIELDS, PROFILE_FIELDS
from tenants.organization.models import OpdUnit

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from tenants.scoring.compute import InnovationScore

# The profile documents are PDFs only (the national form asks for scanned letters).
PROFILE_FILE_TYPES = ["pdf"]
# The profile's documents: not in the JSON profile, each uploaded on its own address.
DOCUMENT_FIELDS = frozenset({"budget_document", "business_profile"})


class YearReportSerializer(serializers.Serializer):
    """Where the innovation stands in one assessment year."""

    year = serializers.IntegerField()
    report_id = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=ReportStatus.choices, allow_null=True)
    status_label = serializers.CharField(allow_null=True)
    score = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        allow_null=True,
        help_text="SID points scored now (answers with accepted evidence only).",
    )
    potential = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        allow_null=True,
        help_text="SID points if every chosen level had accepted evidence.",
    )
    evidence_completeness = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        allow_null=True,
        help_text="Share (0 to 1) of the year's SID indicators answered with evidence not rejected.",
    )
    eligible = serializers.BooleanField(
        allow_null=True, help_text="Whether the profile is complete enough to count in the index."
    )
    profile_gaps = serializers.DictField(
        child=serializers.CharField(), help_text="What the profile still lacks, by field."
    )


def year_report_data(
    year: int, report_id: int | None, status: str | None, score: InnovationScore | None
) -> dict[str, Any]:
    return {
        "year": year,
        "report_id": report_id,
        "status": status,
        "status_label": str(ReportStatus(status).label) if status else None,
        "score": score.score if score else None,
        "potential": score.potential if score else None,
        "evidence_completeness": score.evidence_completeness if score else None,
        "eligible": score.eligible if score else None,
        "profile_gaps": score.profile_gaps if score else {},
    }


class YearReportMixin(serializers.Serializer):
    """Reads `report_id` / `report_status` annotated by tenants.innovations.selectors
    .innovation_list, and the page's scores passed by the view in the context."""

    year_report = serializers.SerializerMethodField()

    @extend_schema_field(YearReportSerializer)
    def get_year_report(self, innovation: Innovation) -> dict[str, Any]:
        report_id = getattr(innovation, "report_id", None)
        scores: dict[int, InnovationScore] = self.context.get("scores", {})
        data = year_report_data(
            self.context["year"],
            report_id,
            getattr(innovation, "report_status", None),
            scores.get(report_id) if report_id else None,
        )
        return YearReportSerializer(data).data


# Read-only companions the API shows right after a profile field.
COMPANIONS = {
    "opd": ("opd_name",),
    "design": ("design_word_count",),
    "budget_document": ("budget_document_url",),
    "business_profile": ("business_profile_url",),
}


def api_fields(names: tuple[str, ...]) -> list[str]:
    """The profile's fields in the registry's order (tenants.innovations.profile), each followed
    by its companions."""
    return [shown for name in names for shown in (name, *COMPANIONS.get(name, ()))]


class InnovationListSerializer(YearReportMixin, StrictModelSerializer):
    opd_name = serializers.CharField(source="opd.name", read_only=True)

    class Meta:
        model = Innovation
        fields = ["id", "public_id", *api_fields(LISTED_FIELDS), "updated_at", "year_report"]
        read_only_fields = fields


class InnovationSerializer(YearReportMixin, StrictModelSerializer):
    """The full profile, as JSON. Its two documents are uploaded each on its own address
    (InnovationDocumentSerializer) and read back through the authorised download links, never
    from a public media URL."""

    opd = serializers.PrimaryKeyRelatedField(queryset=OpdUnit.objects.all())
    opd_name = serializers.CharField(source="opd.name", read_only=True)
    other_affairs = serializers.ListField(
        child=StrictCharField(max_length=60), required=False, max_length=50
    )
    budget_document_url = serializers.SerializerMethodField()
    business_profile_url = serializers.SerializerMethodField()
    design_word_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Innovation
        fields = [
            "id",
            "public_id",
            *(name for name in api_fields(PROFILE_FIELDS) if name not in DOCUMENT_FIELDS),
            "created_at",
            "updated_at",
            "year_report",
        ]
        read_only_fields = ["id", "public_id", "created_at", "updated_at"]
        # The (OPD, name) uniqueness is enforced by the database and reported by the service.
        validators: list = []

    def get_budget_document_url(self, innovation: Innovation) -> str | None:
        return self._file_url(innovation, "budget_document", "api:innovation-budget-document")

    def get_business_profile_url(self, innovation: Innovation) -> str | None:
        return self._file_url(innovation, "business_profile", "api:innovation-business-profile")

    def _file_url(self, innovation: Innovation, field: str, route: str) -> str | None:
        if not getattr(innovation, field):
            return None
        path = reverse(route, kwargs={"pk": innovation.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class InnovationDocumentSerializer(serializers.Serializer):
    """One of the profile's documents, uploaded on its own (multipart), so the profile itself is
    plain JSON."""

    file = serializers.FileField(max_length=300, help_text="PDF (checked by its content).")

    def validate_file(self, upload: UploadedFile) -> UploadedFile:
        try:
            check_upload(upload, PROFILE_FILE_TYPES)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return upload
