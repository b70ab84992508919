from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, role_in
from api.permissions import RegionAction, region_of
from api.regions.serializers import RegionSerializer

if TYPE_CHECKING:
    from rest_framework.request import Request


class CurrentRegionSerializer(serializers.Serializer):
    region = RegionSerializer()
    my_role = serializers.CharField(allow_null=True)


@extend_schema(
    tags=["region"], summary="This region and my role in it", responses=CurrentRegionSerializer
)
class CurrentRegionApi(APIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION

    def get(self, request: Request) -> Response:
        region = region_of(request)
        data = {"region": region, "my_role": role_in(request.user, region)}
        return Response(CurrentRegionSerializer(data, context={"request": request}).data)
