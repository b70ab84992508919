from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.feeds import FeedPageFields
from tenants.history.models import Change

Subject = Change.Subject


@dataclass(frozen=True)
class Where:
    """Where the API shows rows of a subject: the list they are in and each one's own address
    (URL names of api/urls_region.py). `parent` lists take the change's parent_id as `pk`; the
    others take none. An address is None where there is none."""

    collection: str | None
    resource: str | None
    parent: bool = False
    # The row's own address is its parent's (a publication is read at its innovation's).
    resource_is_parent: bool = False
    # The name the row's address gives its id.
    key: str = "pk"


WHERE: dict[str, Where] = {
    Subject.INNOVATION: Where("api:innovation-list", "api:innovation-detail"),
    Subject.REPORT: Where("api:report-list", "api:report-detail"),
    Subject.ANSWER: Where("api:report-answers", "api:answer-detail", parent=True),
    Subject.EVIDENCE: Where("api:answer-evidence", "api:evidence-detail", parent=True),
    Subject.MEMBER: Where("api:member-list", None),
    Subject.OPD_UNIT: Where("api:opd-list", "api:opd-detail"),
    Subject.FACILITATOR: Where("api:facilitator-list", "api:facilitator-detail"),
    Subject.IDEA: Where("api:idea-list", "api:idea-detail"),
    Subject.CALL: Where("api:call-list", "api:call-detail"),
    Subject.CALL_SUBMISSION: Where("api:call-submissions", None, parent=True),
    Subject.LAB_PROJECT: Where("api:lab-project-list", "api:lab-project-detail"),
    Subject.LAB_DOCUMENT: Where("api:lab-project-documents", None, parent=True),
    Subject.COMMITMENT: Where("api:lab-commitment-list", None),
    Subject.EVENT: Where("api:programme-events", "api:programme-event"),
    Subject.ATTENDANCE: Where("api:programme-attendance", None, parent=True),
    Subject.MATERIAL: Where("api:programme-materials", None, parent=True),
    Subject.PUBLICATION: Where(None, "api:publication", parent=True, resource_is_parent=True),
    Subject.PUBLICATION_DOCUMENT: Where(
        "api:publication-documents", "api:publication-document", parent=True
    ),
    # A year's target always is (the default when none was set): subject_id is the year.
    Subject.REPORTING_TARGET: Where(None, "api:reporting-target", key="year"),
    Subject.INNOVATION_POST: Where("api:discussion-innovation-posts", None, parent=True),
    Subject.OPD_POST: Where("api:discussion-opd-posts", None, parent=True),
}

# Answers about the region itself (SPD) have no report: they are listed on their own.
REGION_ANSWERS = "api:region-answer-list"


def collection_path(change: Change) -> str | None:
    where = WHERE.get(change.subject)
    if where is None or where.collection is None:
        return None
    if change.subject == Subject.ANSWER and change.parent_id is None:
        # Recorded before answers named their report: an innovation's is under an unknown report.
        return reverse(REGION_ANSWERS) if change.innovation_id is None else None
    if where.parent:
        if change.parent_id is None:
            return None
        return reverse(where.collection, kwargs={"pk": change.parent_id})
    return reverse(where.collection)


def resource_path(change: Change) -> str | None:
    where = WHERE.get(change.subject)
    if where is None or where.resource is None or change.subject_id is None:
        return None
    if where.resource_is_parent:
        return reverse(where.resource, kwargs={where.key: change.subject_id})
    if where.resource == "api:publication-document":
        if change.parent_id is None:
            return None
        return reverse(where.resource, kwargs={"pk": change.parent_id, "doc_id": change.subject_id})
    return reverse(where.resource, kwargs={where.key: change.subject_id})


class ChangeSerializer(serializers.ModelSerializer):
    subject_label = serializers.CharField(source="get_subject_display", read_only=True)
    operation = serializers.ChoiceField(
        choices=["created", "updated", "deleted"],
        read_only=True,
        help_text=(
            "What the change did to the row `subject_id` of `collection`: `deleted` is a "
            "tombstone (drop your copy), the others mean read it again (or upsert)."
        ),
    )
    collection = serializers.SerializerMethodField(
        help_text=(
            "Path of the list the row appears in (its `updated_since` list), where it has one; "
            "`subject_id` is its `id` there."
        )
    )
    resource = serializers.SerializerMethodField(
        help_text="Path of the row itself, where it has an address of its own."
    )
    changes = serializers.DictField(
        child=serializers.ListField(),
        read_only=True,
        help_text="{field: [old, new]} for the fields that changed.",
    )

    class Meta:
        model = Change
        fields = [
            "id",
            "at",
            "actor_id",
            "actor_name",
            "innovation_id",
            "innovation_name",
            "year",
            "subject",
            "subject_label",
            "subject_id",
            "parent_id",
            "collection",
            "resource",
            "operation",
            "action",
            "summary",
            "changes",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_collection(self, change: Change) -> str | None:
        return collection_path(change)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_resource(self, change: Change) -> str | None:
        return resource_path(change)


class FeedPageSerializer(FeedPageFields):
    results = ChangeSerializer(many=True)
