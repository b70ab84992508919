from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from accounts.policy import Action
from api.organization.serializers import OpdUnitSerializer
from api.permissions import RegionAction
from tenants.organization.selectors import opd_unit_get, opd_unit_list
from tenants.organization.services import opd_unit_create, opd_unit_delete, opd_unit_update


@extend_schema_view(
    get=extend_schema(tags=["opd"], summary="OPD units of this region"),
    post=extend_schema(tags=["opd"], summary="Add an OPD unit (region admins)"),
)
class OpdUnitListApi(generics.ListCreateAPIView):
    serializer_class = OpdUnitSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_OPD
    ordering_fields = ["name", "kind", "updated_at"]
    filterset_fields = ["kind"]

    def get_queryset(self):
        return opd_unit_list(search=self.request.query_params.get("search", ""))

    def perform_create(self, serializer):
        serializer.instance = opd_unit_create(
            region=self.request.region, actor=self.request.user, data=serializer.validated_data
        )


@extend_schema_view(
    get=extend_schema(tags=["opd"], summary="One OPD unit"),
    put=extend_schema(tags=["opd"], summary="Replace an OPD unit (region admins)"),
    patch=extend_schema(tags=["opd"], summary="Change an OPD unit (region admins)"),
    delete=extend_schema(tags=["opd"], summary="Delete an OPD unit (region admins)"),
)
class OpdUnitDetailApi(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = OpdUnitSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_OPD

    def get_object(self):
        unit = opd_unit_get(self.kwargs["pk"])
        if unit is None:
            raise Http404
        self.check_object_permissions(self.request, unit)
        return unit

    def perform_update(self, serializer):
        serializer.instance = opd_unit_update(
            region=self.request.region,
            actor=self.request.user,
            unit=serializer.instance,
            data=serializer.validated_data,
        )

    def destroy(self, request, *args, **kwargs):
        opd_unit_delete(region=request.region, actor=request.user, unit=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
