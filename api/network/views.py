"""The replication network (public): national, or one province's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from api.network.serializers import NetworkSerializer
from regions.selectors import province_for
from replication.network.selectors import network_graph

if TYPE_CHECKING:
    from rest_framework.request import Request

DESCRIPTION = (
    "Who learns from whom: `edges` group the replication requests by origin and requester "
    "(`replications` = agreement reached, `in_progress`, `ended`); `nodes` are the regions "
    "involved with what they gave and received; `top_innovations` are the catalog entries "
    "replicated by the most regions."
)


class NetworkApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["network"],
        operation_id="network_national",
        summary="The national replication network",
        description=DESCRIPTION,
        responses=NetworkSerializer,
    )
    def get(self, request: Request) -> Response:
        return Response(NetworkSerializer(network_graph()).data)


class ProvinceNetworkApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["network"],
        operation_id="network_province",
        summary="One province's replication network",
        description=DESCRIPTION
        + " A province's network holds every request where either side is in the province; "
        "regions outside it have `inside: false`.",
        responses=NetworkSerializer,
    )
    def get(self, request: Request, province_slug: str) -> Response:
        province = province_for(province_slug)
        return Response(NetworkSerializer(network_graph(province)).data)
