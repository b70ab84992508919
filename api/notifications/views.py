"""The signed-in user's notifications over the API (on every host): the list, marking read, and
the e-mail preference. Only one's own notifications exist here; others' ids change nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import SelectorFilterSet, StrictBooleanFilter, selector_parameters
from api.notifications.serializers import (
    MarkReadResultSerializer,
    MarkReadSerializer,
    NotificationSerializer,
    NotificationSettingsSerializer,
)
from api.permissions import user_of
from replication.notifications.models import Notification
from replication.notifications.selectors import notification_list, unread_count
from replication.notifications.services import email_preference, mark_read, set_email_preference

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request


class NotificationFilter(SelectorFilterSet):
    unread = StrictBooleanFilter(label="Only unread (true) or only read (false)")


@extend_schema_view(
    get=extend_schema(
        tags=["notifications"],
        summary="My notifications, unread first",
    ),
    post=extend_schema(
        tags=["notifications"],
        summary="Mark some (`ids`) or all (`all: true`) of my notifications read",
        request=MarkReadSerializer,
        responses={200: MarkReadResultSerializer},
    ),
)
class NotificationListApi(generics.ListAPIView):
    queryset = Notification.objects.none()  # rows come from the selector
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    parser_classes = [JSONParser]

    def base_queryset(self) -> QuerySet[Notification]:
        return Notification.objects.none()

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        parameters = selector_parameters(self)
        queryset = notification_list(user_of(self.request))
        if parameters.get("unread") is not None:
            queryset = queryset.filter(read_at__isnull=parameters["unread"])
        return queryset

    def post(self, request: Request) -> Response:
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = user_of(request)
        marked = mark_read(user, None if data.get("all") else data["ids"])
        return Response({"marked": marked, "unread": unread_count(user)})


@extend_schema_view(
    get=extend_schema(
        tags=["notifications"],
        summary="How I get notifications by e-mail",
        responses=NotificationSettingsSerializer,
    ),
    put=extend_schema(
        tags=["notifications"],
        summary="Choose how I get notifications by e-mail",
        request=NotificationSettingsSerializer,
        responses=NotificationSettingsSerializer,
    ),
)
class NotificationSettingsApi(APIView):
    def get(self, request: Request) -> Response:
        return Response({"email": email_preference(user_of(request))})

    def put(self, request: Request) -> Response:
        serializer = NotificationSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        settings = set_email_preference(user_of(request), serializer.validated_data["email"])
        return Response({"email": settings.email})
