"""The innovation registry over the API. Rows come from tenants.innovations.selectors (which hide
other OPDs' innovations from OPD operators: those ids answer 404) and every write goes through
tenants.innovations.services (which check the permission again and record the history)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import django_filters
from django.http import Http404
from django.utils.text import slugify
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.policy import Action
from api.downloads import FILE_RESPONSES, IgnoreClientContentNegotiation, file_response
from api.filters import (
    IdFilter,
    SelectorFilterSet,
    StrictBooleanFilter,
    TextFilter,
    YearFilter,
    selector_parameters,
    text_filter,
)
from api.innovations.serializers import (
    InnovationDocumentSerializer,
    InnovationListSerializer,
    InnovationSerializer,
)
from api.permissions import InnovationEditor, RegionAction, region_of, user_of
from api.schema import ErrorEnvelope
from api.years import YEAR_PARAMETER, requested_year
from tenants.assessment.models import ReportStatus
from tenants.innovations.access import innovation_for
from tenants.innovations.models import Form, Innovation, Stage
from tenants.innovations.selectors import innovation_list
from tenants.innovations.services import innovation_create, innovation_delete, innovation_update
from tenants.scoring.compute import innovation_scores

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db.models import QuerySet
    from django.http import FileResponse
    from rest_framework.request import Request
    from rest_framework.serializers import BaseSerializer

    from tenants.innovations.selectors import InnovationOfYear

_Row = TypeVar("_Row")


class InnovationFilter(SelectorFilterSet):
    year = YearFilter(label="Assessment year of `status` and `year_report` (default: current)")
    search = TextFilter(label="Name contains")
    opd = IdFilter(label="OPD unit id")
    stage = django_filters.ChoiceFilter(choices=Stage.choices)
    form = django_filters.ChoiceFilter(choices=Form.choices)
    affair = text_filter(60, label="Government affair code (rubric), e.g. kesehatan")
    is_digital = StrictBooleanFilter()
    status = django_filters.ChoiceFilter(
        choices=ReportStatus.choices, label="Verification status in `year`"
    )


class InnovationQueryMixin(generics.GenericAPIView):
    """The year and the page scores shared by the list and the detail."""

    @cached_property
    def year(self) -> int:
        return requested_year(self.request)

    def base_queryset(self) -> QuerySet[Innovation]:
        return Innovation.objects.none()

    def visible(self, **filters: Any) -> QuerySet[InnovationOfYear]:
        return innovation_list(
            user=user_of(self.request), region=region_of(self.request), year=self.year, **filters
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["year"] = self.year
        context.setdefault("scores", getattr(self, "_scores", {}))
        return context

    def detail_body(self, pk: int) -> dict[str, Any]:
        """The detail of `pk` as the requesting user now sees it (after a write)."""
        innovation = self.visible().filter(pk=pk).first()
        if innovation is None:  # moved to an OPD the operator cannot see
            raise Http404
        scores = innovation_scores(self.year, [getattr(innovation, "report_id", None)])
        context = self.get_serializer_context() | {"scores": scores}
        return InnovationSerializer(innovation, context=context).data


@extend_schema_view(
    get=extend_schema(
        tags=["innovations"],
        summary="Innovations I may see, with their status and score in a year",
        description=(
            "OPD operators see their own OPD's innovations only. Each row carries `year_report`: "
            "the report of `year` (default: the current assessment year), its verification "
            "status, SID score and evidence completeness."
        ),
    ),
    post=extend_schema(
        tags=["innovations"],
        summary="Register an innovation (OPD operators: for their own OPD)",
        description=(
            "Creates the profile and its report for the current assessment year. Send JSON, or "
            "multipart form data to attach `budget_document` / `business_profile` (PDF)."
        ),
        responses={201: InnovationSerializer},
    ),
)
class InnovationListApi(InnovationQueryMixin, generics.ListCreateAPIView):
    queryset = Innovation.objects.none()  # rows come from the selector; this names the model
    permission_classes = [InnovationEditor]
    filterset_class = InnovationFilter
    ordering_fields = ["name", "updated_at", "stage"]

    def get_serializer_class(self) -> type[BaseSerializer]:
        return InnovationListSerializer if self.request.method == "GET" else InnovationSerializer

    def get_queryset(self) -> QuerySet[Innovation]:
        if getattr(self, "swagger_fake_view", False):
            return Innovation.objects.none()
        parameters = selector_parameters(self)
        return self.visible(
            search=(parameters.get("search") or "").strip(),
            opd_id=parameters.get("opd"),
            stage=parameters.get("stage") or "",
            form=parameters.get("form") or "",
            affair=parameters.get("affair") or "",
            is_digital=parameters.get("is_digital"),
            status=parameters.get("status") or "",
        )

    def paginate_queryset(
        self, queryset: QuerySet[Any, _Row] | Sequence[_Row]
    ) -> list[_Row] | None:
        page = super().paginate_queryset(queryset)
        rows = page if page is not None else list(queryset)
        # One scoring pass for the whole page (a fixed number of queries), never one per row.
        # Every row is an InnovationOfYear (get_queryset), with its `report_id`.
        report_ids = [getattr(row, "report_id", None) for row in rows]
        self._scores = innovation_scores(self.year, report_ids)
        return page

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        innovation = innovation_create(
            region=region_of(request), actor=user_of(request), data=serializer.validated_data
        )
        body = self.detail_body(innovation.pk)
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        tags=["innovations"],
        summary="One innovation's profile, with its status and score in a year",
        parameters=[YEAR_PARAMETER],
        responses={200: InnovationSerializer, 400: ErrorEnvelope},
    ),
    patch=extend_schema(
        tags=["innovations"],
        summary="Change an innovation's profile (JSON, or multipart for the PDF documents)",
        description=(
            "Refused while the current report is submitted or verified. An omitted or empty file "
            "field keeps the stored document."
        ),
    ),
    delete=extend_schema(
        tags=["innovations"],
        summary="Delete an innovation that was never submitted",
        responses={204: None, 400: ErrorEnvelope},
    ),
)
class InnovationDetailApi(InnovationQueryMixin, generics.RetrieveUpdateDestroyAPIView):
    serializer_class = InnovationSerializer
    permission_classes = [InnovationEditor]
    http_method_names = ["get", "patch", "delete", "head", "options"]
    filter_backends: list = []
    pagination_class = None

    def get_object(self) -> Innovation:
        innovation = self.visible().filter(pk=self.kwargs["pk"]).first()
        if innovation is None:
            raise Http404
        report_id = getattr(innovation, "report_id", None)
        self._scores = innovation_scores(self.year, [report_id])
        return innovation

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        innovation = self.get_object()
        serializer = self.get_serializer(innovation, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        innovation_update(
            region=region_of(request),
            actor=user_of(request),
            innovation=innovation,
            data=serializer.validated_data,
        )
        return Response(self.detail_body(innovation.pk))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        innovation_delete(
            region=region_of(request), actor=user_of(request), innovation=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class InnovationFileApi(APIView):
    """One of the profile's PDF documents: streamed to a user who may see the innovation,
    uploaded (replacing the stored one) by one who may edit it."""

    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # who may edit the profile: the service decides
    content_negotiation_class = IgnoreClientContentNegotiation
    parser_classes = [MultiPartParser]
    field = ""
    label = ""

    def get(self, request: Request, pk: int) -> FileResponse:
        innovation = innovation_for(user_of(request), region_of(request), pk)
        stored = getattr(innovation, self.field)
        name = f"{slugify(innovation.name)[:80] or 'inovasi'}-{self.label}.pdf"
        return file_response(stored, filename=name, content_type="application/pdf")

    def put(self, request: Request, pk: int) -> Response:
        region, actor = region_of(request), user_of(request)
        innovation = innovation_for(actor, region, pk)
        serializer = InnovationDocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        innovation_update(
            region=region,
            actor=actor,
            innovation=innovation,
            data={self.field: serializer.validated_data["file"]},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _document_schema(label: str) -> Any:
    return extend_schema_view(
        get=extend_schema(
            tags=["innovations"],
            summary=f"Download the innovation's {label} (PDF)",
            responses=FILE_RESPONSES,
        ),
        put=extend_schema(
            tags=["innovations"],
            summary=f"Upload the innovation's {label} (PDF), replacing the stored one",
            request={"multipart/form-data": InnovationDocumentSerializer},
            responses={204: None, 400: ErrorEnvelope, 403: ErrorEnvelope, 409: ErrorEnvelope},
        ),
    )


@_document_schema("budget document")
class InnovationBudgetDocumentApi(InnovationFileApi):
    field = "budget_document"
    label = "dokumen-anggaran"


@_document_schema("business profile")
class InnovationBusinessProfileApi(InnovationFileApi):
    field = "business_profile"
    label = "profil-bisnis"
