"""Importing and exporting innovations as spreadsheets over the API, as the "Impor & ekspor"
page does. Importing goes through imports.runs, the one engine: upload a file and get a run; a
big file is checked by a worker (poll the run: `status`, `progress`); read the preview; confirm
it (applied now, or by a worker for a big one) or discard it. Only the run's author reaches it
(imports.runs.run_for). Exporting streams a file written to disk (bounded, never in memory)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.policy import Action, may_edit_some_innovation
from api.downloads import IgnoreClientContentNegotiation
from api.imports.serializers import (
    ImportConfirmSerializer,
    ImportRunSerializer,
    ImportUploadSerializer,
)
from api.permissions import RegionAction, region_of, user_of
from api.schema import ErrorEnvelope
from api.years import YEAR_PARAMETER, requested_year
from core.sheet_import import row_error_text
from core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from imports.models import ImportKind, ImportRun
from imports.runs import confirm_run, discard_run, run_for, start_run
from tenants.spreadsheets.exporter import export_file, export_filename
from tenants.spreadsheets.template import build_template

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.core.files.uploadedfile import UploadedFile
    from rest_framework.request import Request

    from regions.models import Region


class RunReadDiscardMixin:
    """A run's own address, for every kind of import: read it, or discard it if not applied.
    The view's `run(run_id)` finds it for its author only."""

    run: Callable[[str], ImportRun]  # the view's own, after this mixin in its bases

    def get(self, request: Request, run_id: str) -> Response:
        return Response(ImportRunSerializer(self.run(run_id)).data)

    def delete(self, request: Request, run_id: str) -> Response:
        discard_run(self.run(run_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


def run_started(
    request: Request,
    *,
    kind: str,
    region: Region | None,
    upload: UploadedFile,
    options: dict[str, Any] | None = None,
) -> Response:
    """Start an import run of the uploaded file (any kind): 201 with the run, or a 400 listing
    what is wrong (row, column, message) when the file cannot be read as its table."""
    run, errors = start_run(
        kind=kind,
        region=region,
        actor=user_of(request),
        upload=upload,
        filename=upload.name or "",
        options=options,
    )
    if run is None:
        raise ValidationError({"file": [row_error_text(error) for error in errors]})
    return Response(ImportRunSerializer(run).data, status=status.HTTP_201_CREATED)


class _ImportApi(GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # who may import: the importer's own rule (run_for)
    serializer_class = ImportRunSerializer
    filter_backends: list = []
    pagination_class = None

    def run(self, run_id: str) -> ImportRun:
        return run_for(
            user_of(self.request), region_of(self.request), ImportKind.INNOVATIONS, run_id
        )


@extend_schema(
    tags=["imports"],
    summary="Upload a spreadsheet of innovations: a run to preview, then confirm",
    description=(
        "Those who may edit innovations (an OPD's people for their OPD, admins for all). A "
        "file that cannot be read as the template's table is a 400 listing what is wrong "
        "(row, column, message); otherwise 201 with the run: `previewed` with its preview, or "
        "`checking` for a big file a worker checks (poll the run)."
    ),
    request={"multipart/form-data": ImportUploadSerializer},
    responses={201: ImportRunSerializer, 400: ErrorEnvelope},
)
class InnovationImportListApi(_ImportApi):
    parser_classes = [MultiPartParser]

    def post(self, request: Request) -> Response:
        region, actor = region_of(request), user_of(request)
        if not may_edit_some_innovation(actor, region):
            raise PermissionDenied
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return run_started(
            request, kind=ImportKind.INNOVATIONS, region=region, upload=data.validated_data["file"]
        )


@extend_schema_view(
    get=extend_schema(tags=["imports"], summary="An import run: status, progress, preview, result"),
    delete=extend_schema(
        tags=["imports"],
        summary="Discard a run that was not applied",
        responses={204: None, 404: ErrorEnvelope},
    ),
)
class InnovationImportApi(RunReadDiscardMixin, _ImportApi):
    pass


@extend_schema(
    tags=["imports"],
    summary="Confirm a previewed run: apply it (or queue a big one for a worker)",
    description=(
        "The file is checked again against the data as it is now: if the preview no longer "
        "holds, nothing is applied and the run comes back `previewed` with the new preview. "
        "Confirming an applied run again changes nothing."
    ),
    request=ImportConfirmSerializer,
    responses={200: ImportRunSerializer, 404: ErrorEnvelope},
)
class InnovationImportConfirmApi(_ImportApi):
    def post(self, request: Request, run_id: str) -> Response:
        run = self.run(run_id)
        data = ImportConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = confirm_run(run, user_of(request), data.validated_data)
        return Response(ImportRunSerializer(outcome.run).data)


@extend_schema(
    tags=["imports"],
    summary="The innovations import template (xlsx): the columns, this region's OPDs, instructions",
    description="Those who may edit innovations, as the Impor & ekspor page's template link.",
    responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
)
class InnovationImportTemplateApi(GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    content_negotiation_class = IgnoreClientContentNegotiation
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request) -> HttpResponse:
        region = region_of(request)
        if not may_edit_some_innovation(user_of(request), region):
            raise PermissionDenied
        response = HttpResponse(build_template(region), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="templat-impor-inovasi-{region.slug}.xlsx"'
        )
        return response


@extend_schema(
    tags=["imports"],
    summary="Export the innovations of a year (xlsx or csv), as the Impor & ekspor page does",
    description=(
        "Everyone who may see the region; an OPD's people get their OPD's innovations. The xlsx "
        "is the import template's table with the scores beside it: edited, it imports again."
    ),
    parameters=[
        YEAR_PARAMETER,
        OpenApiParameter(
            "file_type",
            {"type": "string", "enum": ["xlsx", "csv"], "default": "xlsx"},
            OpenApiParameter.QUERY,
            description="xlsx (default) or csv (semicolons, for Excel in Indonesian).",
        ),
    ],
    responses={
        (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        (200, CSV_CONTENT_TYPE): OpenApiTypes.BINARY,
    },
)
class InnovationExportApi(GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    content_negotiation_class = IgnoreClientContentNegotiation
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request) -> FileResponse:
        fmt = request.query_params.get("file_type", "xlsx")
        if fmt not in ("xlsx", "csv"):
            raise ValidationError({"file_type": [_("Pilih xlsx atau csv.")]})
        region, year = region_of(request), requested_year(request)
        return FileResponse(
            export_file(user=user_of(request), region=region, year=year, fmt=fmt),
            as_attachment=True,
            filename=export_filename(region, year, fmt),
            content_type=XLSX_CONTENT_TYPE if fmt == "xlsx" else CSV_CONTENT_TYPE,
        )
