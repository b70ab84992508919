from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from accounts.policy import Action
from api.filters import IdFilter, SelectorFilterSet, selector_parameters
from api.organization.serializers import FacilitatorSerializer, OpdUnitSerializer
from api.permissions import RegionAction, region_of, user_of
from tenants.organization.access import facilitator_for, unit_for
from tenants.organization.models import Facilitator
from tenants.organization.selectors import facilitator_list, opd_unit_list
from tenants.organization.services import (
    facilitator_create,
    facilitator_delete,
    facilitator_update,
    opd_add_standard_units,
    opd_unit_create,
    opd_unit_delete,
    opd_unit_update,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request
    from rest_framework.serializers import BaseSerializer

    from tenants.organization.models import OpdUnit


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

    def get_queryset(self) -> QuerySet[OpdUnit]:
        return opd_unit_list(search=self.request.query_params.get("search", ""))

    def perform_create(self, serializer: BaseSerializer[OpdUnit]) -> None:
        serializer.instance = opd_unit_create(
            region=region_of(self.request),
            actor=user_of(self.request),
            data=serializer.validated_data,
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

    def get_object(self) -> OpdUnit:
        # Reading is every member's (RegionAction checked it); writing is MANAGE_OPD, also
        # checked by RegionAction before the object is looked up.
        unit = unit_for(self.request.user, region_of(self.request), self.kwargs["pk"])
        self.check_object_permissions(self.request, unit)
        return unit

    def perform_update(self, serializer: BaseSerializer[OpdUnit]) -> None:
        unit = serializer.instance
        assert unit is not None  # an update: get_serializer(instance) in UpdateModelMixin
        serializer.instance = opd_unit_update(
            region=region_of(self.request),
            actor=user_of(self.request),
            unit=unit,
            data=serializer.validated_data,
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        opd_unit_delete(region=region_of(request), actor=user_of(request), unit=self.get_object())
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

    def base_queryset(self) -> QuerySet[Facilitator]:
        return Facilitator.objects.none()

    def get_queryset(self) -> QuerySet[Facilitator]:
        return facilitator_list(opd_id=selector_parameters(self).get("opd"))

    def perform_create(self, serializer: BaseSerializer[Facilitator]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = facilitator_create(
            region=region_of(self.request),
            actor=user_of(self.request),
            opd=data.pop("opd"),
            data=data,
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

    def get_object(self) -> Facilitator:
        return facilitator_for(self.request.user, region_of(self.request), self.kwargs["pk"])

    def perform_update(self, serializer: BaseSerializer[Facilitator]) -> None:
        facilitator = serializer.instance
        assert facilitator is not None  # an update: get_serializer(instance) in UpdateModelMixin
        serializer.instance = facilitator_update(
            region=region_of(self.request),
            actor=user_of(self.request),
            facilitator=facilitator,
            data=serializer.validated_data,
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        facilitator_delete(
            region=region_of(request), actor=user_of(request), facilitator=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["opd"],
    summary="Add the usual OPD units of the region's kind it does not have yet (region admins)",
    description="Matched by name; calling again adds none. `added` says how many were added.",
    request=None,
    responses={
        200: inline_serializer("StandardUnitsAdded", fields={"added": serializers.IntegerField()})
    },
)
class OpdStandardUnitsApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.MANAGE_OPD
    write_action = Action.MANAGE_OPD  # as the OPD page's "tambahkan standar"
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request) -> Response:
        added = opd_add_standard_units(region=region_of(request), actor=user_of(request))
        return Response({"added": added})
