from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.health import DOWN, health_report, may_see_details

if TYPE_CHECKING:
    from rest_framework.request import Request

HealthSerializer = inline_serializer(
    "Health",
    fields={
        "status": serializers.ChoiceField(choices=["ok", "degraded", "down"]),
        "checks": serializers.DictField(),
    },
)


@extend_schema(
    tags=["health"],
    summary="Database, Redis, worker and background-effect status (details for platform admins)",
    responses={200: HealthSerializer, 503: HealthSerializer},
)
class HealthApi(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request: Request) -> Response:
        report = health_report(details=may_see_details(request))
        return Response(report, status=503 if report["status"] == DOWN else 200)
