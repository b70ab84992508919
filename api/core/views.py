from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.health import health_report

HealthSerializer = inline_serializer(
    "Health",
    fields={
        "status": serializers.ChoiceField(choices=["ok", "degraded", "down"]),
        "checks": serializers.DictField(),
    },
)


@extend_schema(
    tags=["health"],
    summary="Database, Redis and worker status",
    responses={200: HealthSerializer, 503: HealthSerializer},
)
class HealthApi(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get(self, request):
        report = health_report()
        return Response(report, status=503 if report["status"] == "down" else 200)
