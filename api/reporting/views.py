"""OPD reporting over the API: the year's table, the target, reminders and the trend."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from accounts.policy import Action
from api.contract import choice_problem
from api.permissions import RegionAction, region_of, user_of
from api.reporting.serializers import (
    ReminderInputSerializer,
    ReminderResultSerializer,
    TargetSerializer,
    TrendRowSerializer,
    YearReportingSerializer,
)
from api.years import YEAR_PARAMETER, requested_year
from tenants.reporting.selectors import OpdStatus, reporting_trend, target_for, year_reporting
from tenants.reporting.services import FIRST_YEAR, LAST_YEAR, send_reminders, set_target

if TYPE_CHECKING:
    from rest_framework.request import Request


class _Plain(generics.GenericAPIView):
    permission_classes = [RegionAction]
    filter_backends: list = []
    pagination_class = None
    parser_classes = [JSONParser]


@extend_schema(
    tags=["reporting"],
    summary="Each OPD against the year's reporting target",
    description=(
        "Per OPD: innovations reported (submitted, returned or verified), verified, not yet "
        "verified, drafts, and the status `none`, `below_target`, `only_unverified` or `met`. "
        "Admins, verifiers and leaders."
    ),
    parameters=[
        YEAR_PARAMETER,
        OpenApiParameter("status", str, enum=OpdStatus.values),
    ],
    responses=YearReportingSerializer,
)
class ReportingApi(_Plain):
    read_action = Action.VIEW_ALL_INNOVATIONS
    write_action = Action.VIEW_ALL_INNOVATIONS
    serializer_class = YearReportingSerializer

    def get(self, request: Request) -> Response:
        year = requested_year(request)
        status = request.query_params.get("status", "")
        if status and status not in OpdStatus.values:
            problem = choice_problem(status, OpdStatus.values)
            raise ValidationError({"status": [problem]}, code=problem.code)
        reporting = year_reporting(year, status=status)
        return Response(YearReportingSerializer(reporting).data)


@extend_schema(
    tags=["reporting"],
    summary="Set the year's reporting target (region admins)",
    description="Back to the default (with no note), the region's own target is dropped.",
    parameters=[
        OpenApiParameter(
            "year",
            {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            OpenApiParameter.PATH,
            description="The budget year.",
        )
    ],
    request=TargetSerializer,
    responses=TargetSerializer,
)
class ReportingTargetApi(_Plain):
    read_action = Action.MANAGE_PROGRAMME
    write_action = Action.MANAGE_PROGRAMME
    serializer_class = TargetSerializer

    def put(self, request: Request, year: int) -> Response:
        serializer = TargetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        region = region_of(request)
        set_target(
            region=region,
            actor=user_of(request),
            year=year,
            minimum=serializer.validated_data["min_innovations_per_opd"],
            note=serializer.validated_data["note"],
        )
        return Response(TargetSerializer(asdict(target_for(year))).data)


@extend_schema(
    tags=["reporting"],
    summary="Remind the operators of the lagging OPDs (region admins)",
    description="Once per OPD, year and day; `opd_ids` narrows it to some OPDs.",
    request=ReminderInputSerializer,
    responses=ReminderResultSerializer,
)
class ReportingReminderApi(_Plain):
    read_action = Action.MANAGE_PROGRAMME
    write_action = Action.MANAGE_PROGRAMME
    serializer_class = ReminderInputSerializer

    def post(self, request: Request) -> Response:
        serializer = ReminderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = send_reminders(
            region=region_of(request),
            actor=user_of(request),
            year=serializer.validated_data["year"],
            opd_ids=serializer.validated_data.get("opd_ids"),
        )
        return Response(ReminderResultSerializer(asdict(result)).data)


@extend_schema(
    tags=["reporting"],
    summary="Innovations reported and innovating OPDs per year",
    responses=TrendRowSerializer(many=True),
)
class ReportingTrendApi(_Plain):
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    serializer_class = TrendRowSerializer

    def get(self, request: Request) -> Response:
        return Response(TrendRowSerializer(reporting_trend(), many=True).data)
