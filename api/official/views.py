"""The official results desk over the API (public site), as its pages do
(rankings.official_views): platform operators upload a file of published IID results and get an
import run from imports.runs, the one engine (the importer is rankings.official_runs); a big file
is checked by a worker (poll the run); they read the preview and confirm or discard it. They can
also read what was imported per year, a year's results, and download the template. Who may is
accounts.policy's MANAGE_PLATFORM, as on the pages; anyone else is refused before any input is
read, and a run is reached only by its author (imports.runs.run_for)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts.policy import Action, can
from api.downloads import IgnoreClientContentNegotiation
from api.imports.serializers import ImportRunSerializer
from api.imports.views import RunReadDiscardMixin, run_started
from api.official.serializers import (
    OfficialImportUploadSerializer,
    OfficialResultSerializer,
    OfficialYearSerializer,
)
from api.permissions import user_of
from api.schema import ErrorEnvelope
from imports.models import ImportKind, ImportRun
from imports.runs import confirm_run, run_for
from rankings.models import OfficialResult
from rankings.official import XLSX_CONTENT_TYPE
from rankings.official_selectors import official_results, official_years
from rankings.official_template import official_results_template
from regions.selectors import province_for

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

TAGS = ["official-results"]


class ManagePlatform(BasePermission):
    """The caller runs the platform (accounts.policy MANAGE_PLATFORM), as the desk's pages ask."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and can(user, Action.MANAGE_PLATFORM))


class _OfficialApi(generics.GenericAPIView):
    permission_classes = [ManagePlatform]
    filter_backends: list = []
    pagination_class = None


class _RunApi(_OfficialApi):
    serializer_class = ImportRunSerializer

    def run(self, run_id: str) -> ImportRun:
        # The public site's runs have no region: the same rule as the page (rankings.official_views).
        return run_for(user_of(self.request), None, ImportKind.OFFICIAL_RESULTS, run_id)


@extend_schema(
    tags=TAGS,
    summary="Upload a file of official IID results: a run to preview, then confirm",
    description=(
        "Platform operators. A file that cannot be read as a table of results is a 400 listing "
        "what is wrong (row, column, message); otherwise 201 with the run: `previewed` with its "
        "preview (per region and year: create, update, unchanged or reject, and why), or "
        "`checking` for a big file a worker checks (poll the run). Nothing is written before "
        "the run is confirmed."
    ),
    request={"multipart/form-data": OfficialImportUploadSerializer},
    responses={201: ImportRunSerializer, 400: ErrorEnvelope},
)
class OfficialImportListApi(_RunApi):
    parser_classes = [MultiPartParser]

    def post(self, request: Request) -> Response:
        data = OfficialImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return run_started(
            request,
            kind=ImportKind.OFFICIAL_RESULTS,
            region=None,
            upload=data.validated_data["file"],
            options={
                "year": data.validated_data.get("year"),
                "source": data.validated_data["source"],
            },
        )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS, summary="An official results import run: status, progress, preview, result"
    ),
    delete=extend_schema(
        tags=TAGS,
        summary="Discard an official results run that was not applied",
        responses={204: None, 404: ErrorEnvelope},
    ),
)
class OfficialImportApi(RunReadDiscardMixin, _RunApi):
    pass


@extend_schema(
    tags=TAGS,
    summary="Confirm a previewed official results run: apply it (or queue a big one)",
    description=(
        "The file is checked again against the data as it is now: if the preview no longer "
        "holds, nothing is applied and the run comes back `previewed` with the new preview. "
        "Once applied, `result` counts what was created, updated, unchanged and rejected, the "
        "years it touched, and the demo results of those years it removed. Confirming an "
        "applied run again changes nothing."
    ),
    request=None,
    responses={200: ImportRunSerializer, 404: ErrorEnvelope},
)
class OfficialImportConfirmApi(_RunApi):
    def post(self, request: Request, run_id: str) -> Response:
        outcome = confirm_run(self.run(run_id), user_of(request), {})
        return Response(ImportRunSerializer(outcome.run).data)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="Years with official results: how many regions, per predicate, the last import",
        operation_id="official_results_years",
        responses={200: OfficialYearSerializer(many=True)},
    ),
)
class OfficialYearListApi(_OfficialApi):
    serializer_class = OfficialYearSerializer

    def get(self, request: Request) -> Response:
        return Response(OfficialYearSerializer(official_years(), many=True).data)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="One year's official results, ranked, with where each came from",
        operation_id="official_results_of_year",
        description=(
            "As the desk's list shows them: ranked rows first (by scope and rank), then by index; "
            "with `province`, the province itself and its kabupaten/kota."
        ),
        parameters=[
            OpenApiParameter(
                "province",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                description="A province's slug (e.g. provinsi-kalimantan-selatan); unknown: 404.",
            ),
        ],
    ),
)
class OfficialResultListApi(generics.ListAPIView):
    permission_classes = [ManagePlatform]
    serializer_class = OfficialResultSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[OfficialResult]:
        slug = self.request.query_params.get("province", "").strip()
        # An unknown province is a 404, as in the rankings API (regions.selectors).
        return official_results(self.kwargs["year"], province_for(slug) if slug else None)


@extend_schema(
    tags=TAGS,
    summary="The official results template (xlsx): headers, examples and instructions",
    responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
)
class OfficialTemplateApi(_OfficialApi):
    content_negotiation_class = IgnoreClientContentNegotiation

    def get(self, request: Request) -> HttpResponse:
        response = HttpResponse(official_results_template(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="templat-hasil-resmi-iid.xlsx"'
        return response
