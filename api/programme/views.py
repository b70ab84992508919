"""The facilitators' programme over the API: events, attendance, materials and minutes.
Every member reads; Bappeda (MANAGE_PROGRAMME) writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.policy import Action
from api.downloads import (
    FILE_RESPONSES,
    IgnoreClientContentNegotiation,
    file_response,
    upload_response,
)
from api.permissions import RegionAction, region_of, user_of
from api.programme.serializers import (
    AttendanceSerializer,
    EventSerializer,
    MaterialSerializer,
    MinutesSerializer,
)
from api.schema import ErrorEnvelope
from tenants.programme import services
from tenants.programme.access import attendance_for, event_for, material_for
from tenants.programme.models import Attendance, EventMaterial, LearningEvent
from tenants.programme.selectors import attendance_list, event_list

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import FileResponse
    from rest_framework.request import Request
    from rest_framework.serializers import BaseSerializer


def _event_data(data: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    data = dict(data)
    invited = data.pop("invited_opds", None)
    return data, invited


@extend_schema_view(
    get=extend_schema(tags=["programme"], summary="Learning events of the facilitators' programme"),
    post=extend_schema(
        tags=["programme"],
        summary="Schedule a learning event (region admins); invited OPDs' operators are told",
    ),
)
class EventListApi(generics.ListCreateAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_PROGRAMME
    serializer_class = EventSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[LearningEvent]:
        return event_list().prefetch_related("invited_opds")

    def perform_create(self, serializer: BaseSerializer[LearningEvent]) -> None:
        data, invited = _event_data(serializer.validated_data)
        serializer.instance = services.event_create(
            region=region_of(self.request),
            actor=user_of(self.request),
            data=data,
            invited=invited or (),
        )


@extend_schema_view(
    get=extend_schema(tags=["programme"], summary="One learning event"),
    patch=extend_schema(tags=["programme"], summary="Change a learning event (region admins)"),
    delete=extend_schema(tags=["programme"], summary="Delete a learning event (region admins)"),
)
class EventDetailApi(generics.RetrieveUpdateDestroyAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_PROGRAMME
    serializer_class = EventSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self) -> LearningEvent:
        return event_for(self.request.user, region_of(self.request), self.kwargs["pk"])

    def perform_update(self, serializer: BaseSerializer[LearningEvent]) -> None:
        event = serializer.instance
        assert event is not None
        data, invited = _event_data(serializer.validated_data)
        serializer.instance = services.event_update(
            region=region_of(self.request),
            actor=user_of(self.request),
            event=event,
            data=data,
            invited=invited,
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.event_delete(
            region=region_of(request), actor=user_of(request), event=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class _PartOfEventApi(generics.ListCreateAPIView):
    """The attendance or the materials of one learning event: members read, admins add."""

    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_PROGRAMME
    filter_backends: list = []
    pagination_class = None

    def event(self) -> LearningEvent:
        return event_for(self.request.user, region_of(self.request), self.kwargs["pk"])


@extend_schema_view(
    get=extend_schema(tags=["programme"], summary="Attendance of a learning event"),
    post=extend_schema(
        tags=["programme"],
        summary="Record a participant (region admins)",
        description="A `facilitator` (its OPD and name are taken), or an `opd` and `person_name`. "
        "Recording the same person again changes `present`.",
    ),
)
class AttendanceApi(_PartOfEventApi):
    serializer_class = AttendanceSerializer
    parser_classes = [JSONParser]

    def get_queryset(self) -> QuerySet[Attendance]:
        if getattr(self, "swagger_fake_view", False):
            return Attendance.objects.none()
        return attendance_list(self.event())

    def perform_create(self, serializer: BaseSerializer[Attendance]) -> None:
        data = serializer.validated_data
        serializer.instance = services.attendance_record(
            region=region_of(self.request),
            actor=user_of(self.request),
            event=self.event(),
            opd=data.get("opd"),
            facilitator=data.get("facilitator"),
            person_name=data.get("person_name", ""),
            present=data.get("present", True),
        )


@extend_schema_view(
    get=extend_schema(tags=["programme"], summary="Materials of a learning event"),
    post=extend_schema(
        tags=["programme"],
        summary="Add a material (region admins): a `file` (PDF/JPG/PNG) or a `link`",
        description="A multipart form, with the file or the link.",
        request={"multipart/form-data": MaterialSerializer},
    ),
)
class MaterialApi(_PartOfEventApi):
    serializer_class = MaterialSerializer
    parser_classes = [MultiPartParser]  # a file or a link; the minutes' scan

    def get_queryset(self) -> QuerySet[EventMaterial]:
        if getattr(self, "swagger_fake_view", False):
            return EventMaterial.objects.none()
        return self.event().materials.all()

    def perform_create(self, serializer: BaseSerializer[EventMaterial]) -> None:
        data = serializer.validated_data
        serializer.instance = services.material_add(
            region=region_of(self.request),
            actor=user_of(self.request),
            event=self.event(),
            title=data.get("title", ""),
            upload=data.get("file"),
            link=data.get("link", ""),
        )


@extend_schema(
    tags=["programme"],
    summary="Write the minutes of a learning event (region admins), with an optional signed scan",
    description="A multipart form; the signed scan, if any, as `file`.",
    request={"multipart/form-data": MinutesSerializer},
    responses=EventSerializer,
)
class MinutesApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_PROGRAMME
    serializer_class = MinutesSerializer
    parser_classes = [MultiPartParser]  # a file or a link; the minutes' scan
    filter_backends: list = []
    pagination_class = None

    def put(self, request: Request, pk: int) -> Response:
        region = region_of(request)
        event = event_for(request.user, region, pk, action=Action.MANAGE_PROGRAMME)
        serializer = MinutesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        event = services.minutes_save(
            region=region,
            actor=user_of(request),
            event=event,
            text=data["minutes"],
            upload=data.get("file"),
            remove_file=data["remove_file"],
        )
        return Response(EventSerializer(event).data)


class _OneOfEventApi(generics.GenericAPIView):
    """One participant or material of a learning event, reached as the event page reaches it
    (tenants.programme.access); removing it is the programme's managers' (the service asks)."""

    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_PROGRAMME
    filter_backends: list = []
    pagination_class = None


@extend_schema(
    tags=["programme"],
    summary="Remove a participant from the attendance (region admins)",
    responses={204: None, 404: ErrorEnvelope},
)
class AttendanceDetailApi(_OneOfEventApi):
    http_method_names = ["delete", "options"]

    def delete(self, request: Request, pk: int, attendance_id: int) -> Response:
        region = region_of(request)
        attendance = attendance_for(request.user, region, pk, attendance_id)
        services.attendance_remove(region=region, actor=user_of(request), attendance=attendance)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["programme"],
    summary="Remove a material (region admins)",
    responses={204: None, 404: ErrorEnvelope},
)
class MaterialDetailApi(_OneOfEventApi):
    http_method_names = ["delete", "options"]

    def delete(self, request: Request, pk: int, material_id: int) -> Response:
        region = region_of(request)
        material = material_for(
            request.user, region, pk, material_id, action=Action.MANAGE_PROGRAMME
        )
        services.material_remove(region=region, actor=user_of(request), material=material)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["programme"],
    summary="Download a material's file",
    description="A material given as a link has no file (404): its `link` is in the list.",
    responses=FILE_RESPONSES,
)
class MaterialDownloadApi(_OneOfEventApi):
    content_negotiation_class = IgnoreClientContentNegotiation

    def get(self, request: Request, pk: int, material_id: int) -> FileResponse:
        material = material_for(request.user, region_of(request), pk, material_id)
        return upload_response(
            material.file, original_name=material.original_name, content_type=material.content_type
        )


@extend_schema(
    tags=["programme"],
    summary="Download the signed scan of a learning event's minutes",
    description="404 when the minutes have no scan.",
    responses=FILE_RESPONSES,
)
class MinutesFileApi(_OneOfEventApi):
    content_negotiation_class = IgnoreClientContentNegotiation

    def get(self, request: Request, pk: int) -> FileResponse:
        event = event_for(request.user, region_of(request), pk)
        stored_name = (event.minutes_file.name or "").rsplit("/", 1)[-1]
        return file_response(
            event.minutes_file,
            filename=event.minutes_file_name or stored_name,
            content_type=event.minutes_file_type or "application/octet-stream",
        )
