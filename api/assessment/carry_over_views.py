"""Reporting innovations for a new assessment year over the API, as the innovation page's
"Laporkan" button and the list's "Laporkan semua" do: tenants.assessment.carry_over makes the
year's report, its answers started from the latest earlier year and their evidence copied, to be
verified again. Who may is accounts.policy's: EDIT_INNOVATION for the innovation's OPD (asked
here before the body is read, and again by the service), MANAGE_OPD for the whole region."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from accounts.policy import Action, can
from api.assessment.serializers import ReportDetailSerializer
from api.assessment.views import ReportAccessMixin
from api.permissions import RegionAction, region_of, user_of
from api.schema import ErrorEnvelope
from tenants.assessment.carry_over import region_carry_over, report_carry_over
from tenants.innovations.access import innovation_for

if TYPE_CHECKING:
    from rest_framework.request import Request


class CarryOverSerializer(serializers.Serializer):
    year = serializers.IntegerField(
        min_value=2000,
        max_value=2100,
        help_text="The assessment year to report for (one with a rubric: GET /api/v1/rubric/years/).",
    )


CarriedSerializer = inline_serializer(
    "Carried",
    fields={
        "year": serializers.IntegerField(),
        "carried": serializers.IntegerField(
            help_text="How many innovations were reported for the year now."
        ),
    },
)


@extend_schema(
    tags=["reports"],
    summary="Report an innovation for a new year (its answers start from the latest year)",
    description=(
        "Those who may edit the innovation (its OPD's operator, admins). The new report starts "
        "as a draft with the answers of the latest earlier year for indicators the year's rubric "
        "still has, their evidence copied and waiting for verification again. An innovation "
        "already reported that year, or a year without a rubric, is a 400."
    ),
    request=CarryOverSerializer,
    responses={201: ReportDetailSerializer, 400: ErrorEnvelope, 404: ErrorEnvelope},
)
class InnovationReportCarryOverApi(ReportAccessMixin):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # which innovation: EDIT_INNOVATION for its OPD, below
    serializer_class = CarryOverSerializer
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request, pk: int) -> Response:
        region, actor = region_of(request), user_of(request)
        innovation = innovation_for(actor, region, pk)
        if not can(actor, Action.EDIT_INNOVATION, region, opd_id=innovation.opd_id):
            raise PermissionDenied
        data = CarryOverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = report_carry_over(
            region=region, actor=actor, innovation=innovation, year=data.validated_data["year"]
        )
        body = self.report_body(self.report(report.pk, detailed=True))
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["reports"],
    summary="Report every innovation of earlier years for a new year at once (region admins)",
    description=(
        "Each innovation with an earlier report and none for the year is carried in its own "
        "transaction: calling again finishes what is left and carries nothing twice."
    ),
    request=CarryOverSerializer,
    responses={200: CarriedSerializer, 400: ErrorEnvelope},
)
class RegionCarryOverApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.MANAGE_OPD
    write_action = Action.MANAGE_OPD  # as the innovations list's "Laporkan semua"
    serializer_class = CarryOverSerializer
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request) -> Response:
        data = CarryOverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year = data.validated_data["year"]
        carried = region_carry_over(region=region_of(request), actor=user_of(request), year=year)
        return Response({"year": year, "carried": carried})
