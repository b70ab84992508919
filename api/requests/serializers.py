from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.fields import StrictCharField

# RequestDocument at run time, not only for the type checker: drf-spectacular reads the type
# hints of get_download_url.
from replication.requests.models import (
    AgreementKind,
    ReplicationRequest,
    RequestDocument,
    RequestStatus,
)
from replication.requests.transitions import SYSTEM, TRANSITIONS

if TYPE_CHECKING:
    from rest_framework.request import Request

    from replication.catalog.models import CatalogEntry
    from replication.requests.transitions import Transition

MAX_TEXT = 5000
# The steps a person may take (expiry is the system's).
TRANSITION_NAMES = [name for name, item in TRANSITIONS.items() if item.side != SYSTEM]
BOXES = [("incoming", "incoming"), ("outgoing", "outgoing")]


def _absolute(request: Request | None, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


class RegionBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")


class RequestDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(
        help_text="letter_of_interest, visit_minutes, visit_photo, agreement or other"
    )
    kind_label = serializers.CharField(source="get_kind_display")
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, document: RequestDocument) -> str:
        path = reverse(
            "api:replication-request-document",
            kwargs={"pk": document.request_id, "doc_id": document.pk},
        )
        return _absolute(self.context.get("request"), path)


class RequestEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField(help_text="submit or the name of a transition")
    from_status = serializers.CharField(help_text="Empty for the submission.")
    to_status = serializers.CharField()
    actor_name = serializers.CharField(help_text='"sistem" for the automatic expiry.')
    actor_region = RegionBriefSerializer(allow_null=True)
    note = serializers.CharField()
    # The metaclass moves declared fields off the class (Serializer.data stays the property);
    # the stubs cannot see that.
    data = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        help_text="The step's fields (visit date, agreement number, credited level...).",
    )
    at = serializers.DateTimeField()
    documents = RequestDocumentSerializer(many=True)


class RequestStepOptionSerializer(serializers.Serializer):
    name = serializers.CharField()
    # The metaclass moves declared fields off the class; the stubs see Field.label (a str).
    label = serializers.CharField()  # type: ignore[assignment]
    needs = serializers.ListField(
        child=serializers.CharField(), help_text="Fields the step requires (`note` included)."
    )
    optional = serializers.ListField(child=serializers.CharField())
    documents = serializers.ListField(
        child=serializers.CharField(), help_text="Document kinds the step requires (file fields)."
    )
    optional_documents = serializers.ListField(child=serializers.CharField())


def transition_option(transition: Transition) -> dict[str, Any]:
    return {
        "name": transition.name,
        "label": str(transition.label),
        "needs": list(transition.needs),
        "optional": [*([] if "note" in transition.needs else ["note"]), *transition.optional],
        "documents": list(transition.documents),
        "optional_documents": list(transition.optional_documents),
    }


class RequestListSerializer(serializers.ModelSerializer):
    direction = serializers.SerializerMethodField()
    requester = RegionBriefSerializer()
    origin = RegionBriefSerializer()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    paused = serializers.SerializerMethodField(
        help_text="True while one of the two regions is deactivated: no step can be taken."
    )

    class Meta:
        model = ReplicationRequest
        fields = [
            "id",
            "innovation_name",
            "origin_public_id",
            "direction",
            "requester",
            "origin",
            "status",
            "status_label",
            "paused",
            "created_at",
            "updated_at",
            "expires_at",
        ]
        read_only_fields = fields

    def get_paused(self, item: ReplicationRequest) -> bool:
        return item.paused_by is not None

    @extend_schema_field(serializers.ChoiceField(choices=BOXES))
    def get_direction(self, item: ReplicationRequest) -> str:
        region = self.context.get("region")
        return "incoming" if region is not None and item.origin_id == region.pk else "outgoing"


class RequestDetailSerializer(RequestListSerializer):
    agreement_kind = serializers.CharField(help_text="pks, mou, surat, komitmen or empty")
    recorded_by = serializers.CharField(
        help_text=(
            "requester or origin: the side that recorded the visit or agreement now awaiting "
            "the other side's confirmation; empty when nothing awaits."
        )
    )
    reverse_entry: serializers.SlugRelatedField[CatalogEntry] = serializers.SlugRelatedField(
        slug_field="public_id",
        read_only=True,
        allow_null=True,
        help_text="Two-way agreement: the requester's catalog entry the origin replicates too.",
    )
    agreement_request: serializers.PrimaryKeyRelatedField[ReplicationRequest] = (
        serializers.PrimaryKeyRelatedField(
            read_only=True,
            allow_null=True,
            help_text="The request whose two-way agreement this one shares.",
        )
    )
    credit_year = serializers.IntegerField(
        allow_null=True,
        help_text=(
            "The origin's report year the credit counts in (the agreement's year, while open); "
            "null while not confirmed, when that year was already closed, or after withdrawal."
        ),
    )
    events = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()

    class Meta(RequestListSerializer.Meta):
        fields = [
            *RequestListSerializer.Meta.fields,
            "message",
            "decline_reason",
            "visit_date",
            "visit_participants",
            "agreement_kind",
            "agreement_number",
            "agreement_signed_on",
            "agreement_valid_until",
            "replica_innovation_id",
            "replica_name",
            "recorded_by",
            "reverse_entry",
            "agreement_request",
            "requester_confirmed_at",
            "origin_confirmed_at",
            "credited_at",
            "credit_year",
            "events",
            "allowed_transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(RequestEventSerializer(many=True))
    def get_events(self, item: ReplicationRequest) -> list[dict[str, Any]]:
        events = RequestEventSerializer(
            self.context.get("events", []), many=True, context=self.context
        )
        # The stubs type Serializer(many=True) as the Serializer (and this one's `data` as its
        # field): it is a ListSerializer, whose `data` is a list.
        return events.data  # type: ignore[return-value]

    @extend_schema_field(RequestStepOptionSerializer(many=True))
    def get_allowed_transitions(self, item: ReplicationRequest) -> list[dict[str, Any]]:
        return [transition_option(t) for t in self.context.get("allowed_transitions", [])]


class RequestCreateSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(help_text="The catalog entry's public id.")
    message = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    letter = serializers.FileField(
        max_length=255, help_text="The letter of interest (PDF, checked by its content)."
    )


class TransitionInputSerializer(serializers.Serializer):
    """One step; send the fields and files it needs (see `allowed_transitions` of the request).
    Fields the step does not take are ignored."""

    transition = serializers.ChoiceField(choices=TRANSITION_NAMES)
    note = StrictCharField(
        max_length=MAX_TEXT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required to `decline` and `cancel` (the reason).",
    )
    visit_date = serializers.DateField(required=False)
    visit_participants = StrictCharField(max_length=MAX_TEXT, required=False, allow_blank=True)
    agreement_kind = serializers.ChoiceField(choices=AgreementKind.choices, required=False)
    agreement_number = StrictCharField(max_length=120, required=False, allow_blank=True)
    agreement_signed_on = serializers.DateField(required=False)
    agreement_valid_until = serializers.DateField(required=False)
    opd_id = serializers.IntegerField(
        min_value=1,
        max_value=2147483647,
        required=False,
        help_text="`start_implementation`: the requester region's OPD unit for the replica.",
    )
    visit_minutes = serializers.FileField(
        max_length=255, required=False, help_text="`complete_visit`: the minutes (PDF)."
    )
    visit_photo = serializers.ListField(
        child=serializers.FileField(max_length=255),
        required=False,
        max_length=20,
        help_text="`complete_visit`: visit photos (JPG/PNG), repeat the field for several.",
    )
    agreement = serializers.FileField(
        max_length=255,
        required=False,
        help_text="`record_agreement`: the signed PKS/MoU/letter (PDF).",
    )
    reverse_entry = serializers.UUIDField(
        required=False,
        help_text=(
            "`record_agreement`, optional: the public id of the requester's catalog entry that "
            "the origin replicates under the same (two-way) agreement."
        ),
    )
    other = serializers.FileField(
        max_length=255,
        required=False,
        help_text="`confirm_visit`/`confirm_agreement`: a further document of the confirming side.",
    )

    FILE_FIELDS = ("visit_minutes", "visit_photo", "agreement", "other")

    def service_input(self) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
        data = dict(self.validated_data)
        name = data.pop("transition")
        documents: list[tuple[str, Any]] = []
        for kind in self.FILE_FIELDS:
            value = data.pop(kind, None)
            for upload in value if isinstance(value, list) else [value]:
                if upload is not None:
                    documents.append((kind, upload))
        return {"name": name, **data}, documents


class OriginLinkSerializer(serializers.Serializer):
    name = serializers.CharField()
    region_name = serializers.CharField()
    region_code = serializers.CharField()
    public_id = serializers.UUIDField(allow_null=True)
    in_catalog = serializers.BooleanField(help_text="The origin is still published.")
    request_id = serializers.IntegerField(
        allow_null=True, help_text="The cooperation that created this replica."
    )


class ReplicaLinkSerializer(serializers.Serializer):
    request_id = serializers.IntegerField()
    region_name = serializers.CharField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    status_label = serializers.CharField()
    replica_name = serializers.CharField()
    agreement_signed_on = serializers.DateField(allow_null=True)
    catalog_public_id = serializers.UUIDField(
        allow_null=True, help_text="The replica is itself published in the catalog."
    )
    credit_year = serializers.IntegerField(
        allow_null=True,
        help_text="The origin's report year this replication counts in; null: shown, not counted.",
    )


class LineageSerializer(serializers.Serializer):
    innovation_id = serializers.IntegerField()
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    origin = OriginLinkSerializer(allow_null=True, help_text="Set when this is a replica.")
    replicas = ReplicaLinkSerializer(
        many=True, help_text="Regions replicating it (from their agreement on)."
    )
