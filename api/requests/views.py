"""Replication requests over the API (region hosts), with the same rules as the pages: every
member of the region reads its inbox and its requests; only its admins create requests and take
steps, and which side may take which step is decided by replication.requests.services (403).
Requests between other regions, and other OPDs' innovations, answer 404."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import django_filters
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.policy import Action
from api.downloads import (
    FILE_RESPONSES,
    RegionFileApi,
    file_response,
)
from api.errors import state_conflict
from api.filters import SelectorFilterSet, selector_parameters
from api.list_backends import UpdatedSinceFilter
from api.permissions import RegionAction, region_of, user_of
from api.requests.serializers import (
    BOXES,
    LineageSerializer,
    RequestCreateSerializer,
    RequestDetailSerializer,
    RequestListSerializer,
    TransitionInputSerializer,
)
from api.schema import ErrorEnvelope
from core.errors import DuplicateError
from replication.catalog.models import CatalogEntry
from replication.requests import selectors
from replication.requests.access import document_for, request_for
from replication.requests.models import ReplicationRequest, RequestStatus
from replication.requests.services import (
    TransitionError,
    allowed_transitions,
    request_create,
    request_transition,
)
from tenants.innovations.access import innovation_for

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import FileResponse
    from rest_framework.request import Request
    from rest_framework.serializers import BaseSerializer


class OpenRequestExists(exceptions.APIException):
    """The region already has a running request for this innovation; `message` says so."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "request_already_open"


class RequestFilter(SelectorFilterSet):
    box = django_filters.ChoiceFilter(
        choices=BOXES,
        label="incoming: others ask to replicate this region's innovations; outgoing: this "
        "region's own requests (default: both)",
    )
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)


class RequestAccessMixin(generics.GenericAPIView):
    def base_queryset(self) -> QuerySet[ReplicationRequest]:
        return ReplicationRequest.objects.none()

    def visible(self, pk: int) -> ReplicationRequest:
        return request_for(self.request.user, region_of(self.request), pk)

    def detail_body(self, pk: int) -> dict[str, Any]:
        item = self.visible(pk)
        region = region_of(self.request)
        context = {
            "request": self.request,
            "region": region,
            "events": selectors.timeline(item),
            "allowed_transitions": allowed_transitions(user_of(self.request), region, item),
        }
        return RequestDetailSerializer(item, context=context).data


@extend_schema_view(
    get=extend_schema(
        tags=["replication"],
        summary="The region's replication inbox: incoming and outgoing requests",
        description="Every member of the region reads it; newest activity first.",
    ),
    post=extend_schema(
        tags=["replication"],
        summary="Ask to replicate a catalog innovation (region admins)",
        description=(
            "Multipart: `public_id` of the catalog entry, an optional `message`, and the letter "
            "of interest as `letter` (PDF). A region cannot request its own innovation (400); "
            "a second open request for the same innovation answers 409; an unknown entry 404. "
            "The origin region's admins are notified."
        ),
        request={"multipart/form-data": RequestCreateSerializer},
        responses={201: RequestDetailSerializer},
    ),
)
class RequestListApi(RequestAccessMixin, generics.ListCreateAPIView):
    queryset = ReplicationRequest.objects.none()  # rows come from the selectors
    serializer_class = RequestListSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_REPLICATION
    filterset_class = RequestFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, UpdatedSinceFilter]
    parser_classes = [MultiPartParser]

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.request is not None and self.request.method == "POST":
            return RequestCreateSerializer
        return RequestListSerializer

    def get_queryset(self) -> QuerySet[ReplicationRequest]:
        if getattr(self, "swagger_fake_view", False):
            return ReplicationRequest.objects.none()
        parameters = selector_parameters(self)
        return selectors.inbox(
            region_of(self.request), box=parameters.get("box"), status=parameters.get("status")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "region": region_of(self.request)}

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = CatalogEntry.objects.filter(public_id=data["public_id"]).first()
        if entry is None:
            raise Http404
        try:
            created = request_create(
                region=region_of(request),
                actor=user_of(request),
                entry=entry,
                message=data["message"],
                letter=data["letter"],
            )
        except DuplicateError as exc:
            raise OpenRequestExists(exc.messages[0]) from exc
        return Response(self.detail_body(created.pk), status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["replication"],
    summary="One request: parties, status, timeline with documents, and my possible steps",
    responses=RequestDetailSerializer,
)
class RequestDetailApi(RequestAccessMixin, generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    filter_backends: list = []
    pagination_class = None
    serializer_class = RequestDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.detail_body(pk))


@extend_schema(
    tags=["replication"],
    summary="Take a step of a replication request",
    description=(
        "`transition` and the fields and files that step needs (listed per step in the "
        "request's `allowed_transitions`): JSON, or multipart when the step takes files. "
        "`accept`/`decline` (origin; a decline needs the "
        "reason as `note`), `schedule_visit` (`visit_date`), `complete_visit` (`visit_date`, "
        "`visit_participants`, `visit_minutes` PDF, optional `visit_photo` pictures; the other side then "
        "`confirm_visit`s or `return_visit`s it with a `note`), `record_agreement` "
        "(`agreement_kind`, `agreement_number`, `agreement_signed_on`, optional "
        "`agreement_valid_until` and `reverse_entry` for a two-way agreement, `agreement` "
        "PDF; the other side then `confirm_agreement`s it, which credits the origin innovation "
        "in the report of the agreement's year while that year is open, or "
        "`return_agreement`s it with a `note`), "
        "`start_implementation` (requester, `opd_id`: creates the replica innovation), "
        "`confirm` (each side once), `cancel` (requester, reason as `note`). A step the "
        "request's current status does not allow (or that someone else just took) answers 409 "
        "with a message; a step of the other side, or by a member who is not an admin, 403."
    ),
    request={"multipart/form-data": TransitionInputSerializer},
    responses={200: RequestDetailSerializer, 409: ErrorEnvelope},
)
class RequestTransitionApi(RequestAccessMixin, generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # who may take which step: the service decides
    filter_backends: list = []
    pagination_class = None
    # Most steps take no file (accept, decline, schedule, confirm, cancel): JSON is enough.
    parser_classes = [MultiPartParser]  # some steps carry documents (visit minutes, agreement)
    serializer_class = TransitionInputSerializer

    def post(self, request: Request, pk: int) -> Response:
        item = self.visible(pk)
        serializer = TransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, documents = serializer.service_input()
        name = data.pop("name")
        try:
            request_transition(
                name,
                request=item,
                actor=user_of(request),
                region=region_of(request),
                data=data,
                documents=documents,
            )
        except TransitionError as exc:
            raise state_conflict(exc) from exc
        return Response(self.detail_body(pk))


@extend_schema(
    tags=["replication"],
    summary="Download a document of a request (members of either region)",
    responses=FILE_RESPONSES,
)
class RequestDocumentDownloadApi(RequestAccessMixin, RegionFileApi):
    def get(self, request: Request, pk: int, doc_id: int) -> FileResponse:
        document = document_for(request.user, region_of(request), pk, doc_id)
        stored_name = document.file.name
        if not stored_name:  # a required field; empty, it is a 404 in file_response too
            raise Http404
        return file_response(
            document.file,
            filename=document.original_name or stored_name.rsplit("/", 1)[-1],
            content_type=document.content_type or "application/octet-stream",
        )


@extend_schema(
    tags=["replication"],
    summary="Lineage of one of the region's innovations: its origin and its replicas",
    responses={200: LineageSerializer, 404: OpenApiResponse(ErrorEnvelope)},
)
class LineageApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    filter_backends: list = []
    pagination_class = None
    serializer_class = LineageSerializer

    def get(self, request: Request, innovation_id: int) -> Response:
        region = region_of(request)
        innovation = innovation_for(user_of(request), region, innovation_id)
        lineage = selectors.innovation_lineage(region, innovation)
        body = {
            "innovation_id": innovation.pk,
            "public_id": innovation.public_id,
            "name": innovation.name,
            "origin": asdict(lineage.origin) if lineage.origin else None,
            "replicas": [asdict(replica) for replica in lineage.replicas],
        }
        return Response(LineageSerializer(body).data)
