"""Export jobs over the API: ask for a file, poll the job, fetch the file when it is done.

The file is written by a worker (imports.exports, the `imports.export` effect) with the same
writers and the same rule of who may have it as the pages that offer it: the innovations
export and the submission package (Impor & ekspor), the change history (Riwayat), a ranking
(Peringkat). Only the job's author reaches it, on the site it was asked on (imports.exports.
job_for); anyone else gets 404. On a region's site its members ask; on the public site anyone
signed in, for rankings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import (
    APIException,
    ErrorDetail,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts.policy import Action, can
from api.downloads import IgnoreClientContentNegotiation, file_response
from api.exports.serializers import ExportJobSerializer, ExportRequestSerializer
from api.schema import ErrorEnvelope
from core.downloads import download_name
from core.tables import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from imports.exports import (
    TooManyExports,
    content_type_of,
    delete_export,
    job_for,
    jobs_of,
    start_export,
)
from imports.models import ExportJob, ExportStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from accounts.models import User
    from regions.models import Region


class MayAskForExports(BasePermission):
    """The door, not the rule: on a region's site its members, on the public site anyone signed
    in. Which kinds each may have is the kind's own rule (imports.exports.EXPORTERS)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        region = getattr(request, "region", None)
        return region is None or can(request.user, Action.VIEW_REGION, region)


class ExportNotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "export_not_ready"


class _ExportApi(GenericAPIView):
    permission_classes = [MayAskForExports]
    serializer_class = ExportJobSerializer
    parser_classes = [JSONParser]

    def site(self) -> tuple[User, Region | None]:
        return self.request.user, getattr(self.request, "region", None)  # type: ignore[return-value]

    def job(self, job_id: str) -> ExportJob:
        user, region = self.site()
        return job_for(user, region, job_id)


@extend_schema_view(
    get=extend_schema(
        tags=["exports"],
        summary="My export jobs on this site, newest first (until they expire)",
    ),
    post=extend_schema(
        tags=["exports"],
        summary="Ask for an export: a job a worker writes the file for",
        description=(
            "Answers 202 with the job (`status` queued) and its address in `Location`; poll it "
            "until `status` is done, then fetch `file_url`. The same rule as the page decides "
            "whether you may have the export and what it holds (an OPD's people get their OPD's "
            "innovations; the history needs the right to read it; a ranking counts unverified work "
            "only for a province's own viewers and platform operators). A parameter that names "
            "nothing (a year without a rubric or figures, an unknown province) is a 400; more than "
            "EXPORT_MAX_ACTIVE_JOBS jobs waiting at once is a 429. The file is kept "
            "EXPORT_KEEP_HOURS (24 by default)."
        ),
        request=ExportRequestSerializer,
        responses={
            202: ExportJobSerializer,
            400: ErrorEnvelope,
            403: ErrorEnvelope,
            429: OpenApiResponse(ErrorEnvelope, description="Too many export jobs waiting."),
        },
    ),
)
class ExportJobListApi(_ExportApi, ListAPIView):
    # The default list backends and pagination, as on every list.
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]

    def get_queryset(self) -> QuerySet[ExportJob]:
        if getattr(self, "swagger_fake_view", False):
            return ExportJob.objects.none()
        user, region = self.site()
        return jobs_of(user, region)

    def post(self, request: Request) -> Response:
        data = ExportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parameters = dict(data.validated_data)
        kind, file_type = parameters.pop("kind"), parameters.pop("file_type", None)
        user, region = self.site()
        try:
            job = start_export(
                kind=kind, region=region, actor=user, file_type=file_type, parameters=parameters
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise ValidationError(_field_errors(exc)) from exc
        except TooManyExports as exc:
            raise Throttled(
                detail=_("Terlalu banyak ekspor yang masih menunggu; coba lagi sebentar lagi.")
            ) from exc
        body = ExportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


def _field_errors(exc: DjangoValidationError) -> dict[str, list[ErrorDetail]]:
    """The engine's refusal by field, each message with its code (`field_codes`)."""
    return {
        field: [
            ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]
        for field, errors in exc.error_dict.items()
    }


@extend_schema_view(
    get=extend_schema(
        tags=["exports"],
        summary="An export job: status, progress, and the file's address once done",
        responses={200: ExportJobSerializer, 404: ErrorEnvelope},
    ),
    delete=extend_schema(
        tags=["exports"],
        summary="Forget an export job and its file",
        responses={204: None, 404: ErrorEnvelope},
    ),
)
class ExportJobApi(_ExportApi):
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, job_id: str) -> Response:
        return Response(ExportJobSerializer(self.job(job_id), context={"request": request}).data)

    def delete(self, request: Request, job_id: str) -> Response:
        delete_export(self.job(job_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["exports"],
    summary="The file of a done export job",
    description=(
        "409 while the job is queued or running (`export_not_ready`: try again later) or when "
        "it failed (`export_failed`)."
    ),
    responses={
        (200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        (200, CSV_CONTENT_TYPE): OpenApiTypes.BINARY,
        (200, "application/zip"): OpenApiTypes.BINARY,
        404: ErrorEnvelope,
        409: OpenApiResponse(ErrorEnvelope, description="Not done (yet)."),
    },
)
class ExportJobFileApi(_ExportApi):
    filter_backends: list = []
    pagination_class = None
    content_negotiation_class = IgnoreClientContentNegotiation

    def get(self, request: Request, job_id: str) -> FileResponse:
        job = self.job(job_id)
        if job.status != ExportStatus.DONE:
            if job.status == ExportStatus.FAILED:
                raise ExportNotReady(
                    _("Ekspor ini gagal: %(error)s") % {"error": job.error}, code="export_failed"
                )
            raise ExportNotReady(_("Berkas ekspor belum siap."))
        return file_response(
            job.file,
            filename=download_name(job.filename, job.file),
            content_type=content_type_of(job),
        )
