"""The innovation lab over the API (region hosts), with the same rules as the pages: projects,
their stage documents and the OPDs' commitment files are read by those who work in the OPD's lab
and by those who read every OPD's innovations; changing them is WORK_IN_LAB for the OPD
(operators their own, admins any). Objects a caller may not see answer 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.policy import Action
from api.assessment.serializers import EvidenceSerializer
from api.downloads import (
    FILE_RESPONSES,
    RegionFileApi,
    upload_response,
)
from api.errors import state_conflict
from api.filters import IdFilter, SelectorFilterSet, YearFilter, selector_parameters
from api.lab.serializers import (
    CommitmentSerializer,
    CommitmentUploadSerializer,
    DocumentUploadSerializer,
    ProjectCreateSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    StageDocumentSerializer,
)
from api.list_backends import UpdatedSinceFilter
from api.organization.lookups import opd_unit_or_404
from api.permissions import RegionAction, region_of, user_of
from api.schema import ErrorEnvelope
from rubric.years import current_year
from tenants.lab import services
from tenants.lab.access import (
    commitment_for,
    document_for,
    may_read_opd,
    project_for,
    visible_projects,
)
from tenants.lab.models import LabProject, OpdCommitment, StageDocument
from tenants.lab.selectors import project_list
from tenants.lab.stages import stage_choices

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import FileResponse
    from rest_framework.request import Request


class ProjectFilter(SelectorFilterSet):
    opd = IdFilter(label="OPD unit id")
    stage = django_filters.ChoiceFilter(choices=stage_choices())


@extend_schema_view(
    get=extend_schema(tags=["lab"], summary="Lab projects the caller may see"),
    post=extend_schema(
        tags=["lab"],
        summary="Start a lab project of an OPD (WORK_IN_LAB for that OPD)",
        request=ProjectCreateSerializer,
        responses={201: ProjectDetailSerializer},
    ),
)
class ProjectListApi(generics.ListCreateAPIView):
    serializer_class = ProjectSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # WORK_IN_LAB for the OPD sent: the service checks it
    filterset_class = ProjectFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, UpdatedSinceFilter]
    parser_classes = [JSONParser]

    def base_queryset(self) -> QuerySet[LabProject]:
        return LabProject.objects.none()

    def get_queryset(self) -> QuerySet[LabProject]:
        if getattr(self, "swagger_fake_view", False):
            return LabProject.objects.none()
        parameters = selector_parameters(self)
        return project_list(
            visible_projects(user_of(self.request), region_of(self.request)),
            opd_id=parameters.get("opd"),
            stage=parameters.get("stage") or "",
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ProjectCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        project = services.project_create(
            region=region_of(request),
            actor=user_of(request),
            opd=opd_unit_or_404(data["opd"]),
            title=data["title"],
            problem=data["problem"],
            team=data["team"],
        )
        return Response(ProjectDetailSerializer(project).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["lab"],
    summary="One lab project with its stages, documents and what each stage still needs",
    responses=ProjectDetailSerializer,
)
class ProjectDetailApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    filter_backends: list = []
    pagination_class = None
    serializer_class = ProjectDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        project = project_for(user_of(request), region_of(request), pk)
        return Response(ProjectDetailSerializer(project).data)


@extend_schema(
    tags=["lab"],
    summary="Move a project to its next stage (finishes it after the last one)",
    description="Refused (400) while the current stage's required documents are missing.",
    request=None,
    responses=ProjectDetailSerializer,
)
class ProjectAdvanceApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # WORK_IN_LAB for the project's OPD: checked below
    filter_backends: list = []
    pagination_class = None
    serializer_class = ProjectDetailSerializer

    def post(self, request: Request, pk: int) -> Response:
        region, user = region_of(request), user_of(request)
        project = project_for(user, region, pk, write=True)
        project = services.project_advance(region=region, actor=user, project=project)
        return Response(ProjectDetailSerializer(project).data)


@extend_schema(
    tags=["lab"],
    summary="Make a finished project a draft innovation of its OPD (once)",
    request=None,
    responses={201: ProjectDetailSerializer},
)
class ProjectInnovationApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # WORK_IN_LAB for the project's OPD: checked below
    filter_backends: list = []
    pagination_class = None
    serializer_class = ProjectDetailSerializer

    def post(self, request: Request, pk: int) -> Response:
        region, user = region_of(request), user_of(request)
        project = project_for(user, region, pk, write=True)
        services.project_to_innovation(region=region, actor=user, project=project)
        project = project_for(user, region, pk)
        return Response(ProjectDetailSerializer(project).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=["lab"], summary="Documents of a project's stages"),
    post=extend_schema(
        tags=["lab"],
        summary="Upload a document of a stage the project has reached",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: StageDocumentSerializer},
    ),
)
class ProjectDocumentListApi(generics.ListCreateAPIView):
    serializer_class = StageDocumentSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # WORK_IN_LAB for the project's OPD: checked below
    filter_backends: list = []
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[StageDocument]:
        if getattr(self, "swagger_fake_view", False):
            return StageDocument.objects.none()
        project = project_for(user_of(self.request), region_of(self.request), self.kwargs["pk"])
        return project.documents.order_by("uploaded_at", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        region, user = region_of(request), user_of(request)
        project = project_for(user, region, kwargs["pk"], write=True)
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        document = services.document_add(
            region=region,
            actor=user,
            project=project,
            kind=data["kind"],
            title=data["title"],
            stage_code=data["stage"],
            upload=data["file"],
        )
        return Response(StageDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["lab"], summary="Download a stage document", responses=FILE_RESPONSES)
class ProjectDocumentDownloadApi(RegionFileApi):
    def get(self, request: Request, pk: int, doc_id: int) -> FileResponse:
        document = document_for(user_of(request), region_of(request), pk, doc_id)
        return upload_response(
            document.file, original_name=document.original_name, content_type=document.content_type
        )


@extend_schema(
    tags=["lab"],
    summary="Remove a stage document (who may work on the project) while it is not finished",
    description="A finished project's documents stay: 409.",
    responses={204: None, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class ProjectDocumentApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # WORK_IN_LAB for the project's OPD: project_for
    filter_backends: list = []
    pagination_class = None
    http_method_names = ["delete", "options"]

    def delete(self, request: Request, pk: int, doc_id: int) -> Response:
        user, region = user_of(request), region_of(request)
        project_for(user, region, pk, write=True)  # as the project page: its workers only
        document = document_for(user, region, pk, doc_id)
        try:
            services.document_remove(region=region, actor=user, document=document)
        except DjangoValidationError as exc:
            raise state_conflict(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommitmentFilter(SelectorFilterSet):
    year = YearFilter(label="year (default: the current assessment year)")
    opd = IdFilter(label="OPD unit id")


@extend_schema_view(
    get=extend_schema(
        tags=["lab"],
        summary="SK Tim Inovasi and kontrak kinerja of the OPDs the caller may read, for a year",
    ),
    post=extend_schema(
        tags=["lab"],
        summary="Record an OPD's SK Tim Inovasi or kontrak kinerja (replaces the year's one)",
        request={"multipart/form-data": CommitmentUploadSerializer},
        responses={201: CommitmentSerializer},
    ),
)
class CommitmentListApi(generics.ListCreateAPIView):
    serializer_class = CommitmentSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # WORK_IN_LAB for the OPD sent: the service checks it
    filterset_class = CommitmentFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, UpdatedSinceFilter]
    parser_classes = [MultiPartParser]

    def base_queryset(self) -> QuerySet[OpdCommitment]:
        return OpdCommitment.objects.none()

    def get_queryset(self) -> QuerySet[OpdCommitment]:
        if getattr(self, "swagger_fake_view", False):
            return OpdCommitment.objects.none()
        parameters = selector_parameters(self)
        region, user = region_of(self.request), user_of(self.request)
        queryset = OpdCommitment.objects.select_related("opd").filter(
            year=parameters.get("year") or current_year()
        )
        if parameters.get("opd"):
            queryset = queryset.filter(opd_id=parameters["opd"])
        readable = [
            opd_id
            for opd_id in set(queryset.values_list("opd_id", flat=True))
            if may_read_opd(user, region, opd_id)
        ]
        return queryset.filter(opd_id__in=readable).order_by("opd__name", "kind")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CommitmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        commitment = services.commitment_save(
            region=region_of(request),
            actor=user_of(request),
            opd=opd_unit_or_404(data["opd"]),
            year=data["year"],
            kind=data["kind"],
            number=data["number"],
            signed_on=data["signed_on"],
            signed_by=data["signed_by"],
            upload=data["file"],
        )
        return Response(CommitmentSerializer(commitment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["lab"], summary="Download a commitment's file", responses=FILE_RESPONSES)
class CommitmentDownloadApi(RegionFileApi):
    def get(self, request: Request, pk: int) -> FileResponse:
        commitment = commitment_for(user_of(request), region_of(request), pk)
        return upload_response(
            commitment.file,
            original_name=commitment.original_name,
            content_type=commitment.content_type,
            default_type="application/pdf",
        )


class CommitmentEvidenceInputSerializer(serializers.Serializer):
    indicator = serializers.CharField(
        max_length=12,
        help_text=(
            "A region-level (SPD) indicator of the commitment's year whose evidence this kind of "
            "document is (the rubric data says which)."
        ),
    )


@extend_schema(
    tags=["lab"],
    summary="Attach a commitment's file as evidence of a region indicator (region admins)",
    description=(
        "As the commitments page's button: the file becomes evidence of the indicator's answer "
        "(an empty answer is made if there is none), waiting for verification. An indicator this "
        "document is not evidence of is a 400."
    ),
    request=CommitmentEvidenceInputSerializer,
    responses={201: EvidenceSerializer, 400: ErrorEnvelope, 404: ErrorEnvelope},
)
class CommitmentEvidenceApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.EDIT_REGION_INDICATORS
    write_action = Action.EDIT_REGION_INDICATORS  # as the page: the region's indicators' editors
    serializer_class = CommitmentEvidenceInputSerializer
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request, pk: int) -> Response:
        region, user = region_of(request), user_of(request)
        commitment = commitment_for(user, region, pk)
        data = CommitmentEvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.commitment_as_evidence(
            region=region,
            actor=user,
            commitment=commitment,
            indicator_code=data.validated_data["indicator"],
        )
        return Response(
            EvidenceSerializer(evidence, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
