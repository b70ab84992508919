"""The signed-in user's notifications over the API (on every host): the list, marking read, and
the e-mail preference. Only one's own notifications exist here; others' ids change nothing."""

from __future__ import annotations

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
from replication.notifications.models import Notification
from replication.notifications.selectors import notification_list, unread_count
from replication.notifications.services import email_preference, mark_read, set_email_preference


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

    def base_queryset(self):
        return Notification.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        parameters = selector_parameters(self)
        queryset = notification_list(self.request.user)
        if parameters.get("unread") is not None:
            queryset = queryset.filter(read_at__isnull=parameters["unread"])
        return queryset

    def post(self, request):
        serializer = MarkReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        marked = mark_read(request.user, None if data.get("all") else data["ids"])
        return Response({"marked": marked, "unread": unread_count(request.user)})


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
    def get(self, request):
        return Response({"email": email_preference(request.user)})

    def put(self, request):
        serializer = NotificationSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        settings = set_email_preference(request.user, serializer.validated_data["email"])
        return Response({"email": settings.email})
