from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action, role_in
from api.permissions import RegionAction
from api.regions.serializers import RegionSerializer


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

    def get(self, request):
        data = {"region": request.region, "my_role": role_in(request.user, request.region)}
        return Response(CurrentRegionSerializer(data, context={"request": request}).data)
