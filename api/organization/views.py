from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from accounts.policy import Action
from api.filters import IdFilter, SelectorFilterSet, selector_parameters
from api.organization.serializers import FacilitatorSerializer, OpdUnitSerializer
from api.permissions import RegionAction
from tenants.organization.models import Facilitator
from tenants.organization.selectors import facilitator_list, opd_unit_get, opd_unit_list
from tenants.organization.services import (
    facilitator_create,
    facilitator_delete,
    facilitator_update,
    opd_unit_create,
    opd_unit_delete,
    opd_unit_update,
)


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


class FacilitatorFilter(SelectorFilterSet):
    opd = IdFilter(label="OPD unit id")


@extend_schema_view(
    get=extend_schema(tags=["opd"], summary="Innovation facilitators of the region's OPD units"),
    post=extend_schema(tags=["opd"], summary="Add a facilitator to an OPD unit (region admins)"),
)
class FacilitatorListApi(generics.ListCreateAPIView):
    serializer_class = FacilitatorSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_OPD
    filterset_class = FacilitatorFilter
    ordering_fields = ["name", "created_at"]

    def base_queryset(self):
        return Facilitator.objects.none()

    def get_queryset(self):
        return facilitator_list(opd_id=selector_parameters(self).get("opd"))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = facilitator_create(
            region=self.request.region, actor=self.request.user, opd=data.pop("opd"), data=data
        )


@extend_schema_view(
    get=extend_schema(tags=["opd"], summary="One facilitator"),
    put=extend_schema(tags=["opd"], summary="Replace a facilitator (region admins)"),
    patch=extend_schema(tags=["opd"], summary="Change a facilitator (region admins)"),
    delete=extend_schema(tags=["opd"], summary="Remove a facilitator (region admins)"),
)
class FacilitatorDetailApi(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = FacilitatorSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.MANAGE_OPD
    filter_backends: list = []

    def get_object(self):
        facilitator = facilitator_list().filter(pk=self.kwargs["pk"]).first()
        if facilitator is None:
            raise Http404
        return facilitator

    def perform_update(self, serializer):
        serializer.instance = facilitator_update(
            region=self.request.region,
            actor=self.request.user,
            facilitator=serializer.instance,
            data=serializer.validated_data,
        )

    def destroy(self, request, *args, **kwargs):
        facilitator_delete(region=request.region, actor=request.user, facilitator=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
