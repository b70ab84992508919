"""Reports, their verification workflow, indicator answers and evidence over the API.

Reads are narrowed by tenants.assessment.access (other OPDs' objects answer 404); every write calls
tenants.assessment.services or .workflow, which check the permission themselves (403) and
record the history."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.policy import Action
from api.assessment.serializers import (
    AnswerInputSerializer,
    AnswerSerializer,
    EvidenceCreateSerializer,
    EvidenceReviewSerializer,
    EvidenceSerializer,
    RegionAnswerInputSerializer,
    ReportDetailSerializer,
    ReportListSerializer,
    ReportTransitionSerializer,
)
from api.downloads import (
    FILE_RESPONSES,
    RegionFileApi,
    file_response,
)
from api.errors import state_conflict
from api.filters import IdFilter, SelectorFilterSet, YearFilter, selector_parameters
from api.permissions import InnovationEditor, RegionAction, region_of, user_of
from api.schema import ErrorEnvelope
from api.years import requested_year
from tenants.assessment.access import visible_answers, visible_evidence, visible_reports
from tenants.assessment.models import Answer, Evidence, Report, ReportStatus
from tenants.assessment.services import (
    answer_set,
    evidence_add_file,
    evidence_add_url,
    evidence_remove,
    evidence_review,
)
from tenants.assessment.workflow import TransitionError, allowed_transitions, fire
from tenants.scoring.compute import innovation_scores

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.db.models import QuerySet
    from django.http import FileResponse
    from rest_framework.request import Request
    from rest_framework.serializers import BaseSerializer

_Row = TypeVar("_Row")

ANSWERS_WITH_EVIDENCE = Prefetch(
    "answers", queryset=Answer.objects.prefetch_related("evidence").order_by("indicator_code")
)


class ReportFilter(SelectorFilterSet):
    year = YearFilter(label="Assessment year (default: the current one)")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)
    opd = IdFilter(label="OPD unit id")
    innovation = IdFilter(label="Innovation id")


class ReportAccessMixin(generics.GenericAPIView):
    def base_queryset(self) -> QuerySet[Report]:
        return Report.objects.none()

    def report(self, pk: int, *, detailed: bool = False) -> Report:
        queryset = visible_reports(self.request.user, region_of(self.request))
        if detailed:
            queryset = queryset.prefetch_related(ANSWERS_WITH_EVIDENCE, "notes")
        report = queryset.filter(pk=pk).first()
        if report is None:
            raise Http404
        return report

    def report_body(self, report: Report) -> dict[str, Any]:
        context = {
            "request": self.request,
            "scores": innovation_scores(report.year, [report.pk]),
            "allowed_transitions": allowed_transitions(
                user_of(self.request), region_of(self.request), report
            ),
        }
        return ReportDetailSerializer(report, context=context).data


@extend_schema(
    tags=["reports"],
    summary="Reports of a year (one per innovation) with status and score",
    description="OPD operators see their own OPD's reports only.",
)
class ReportListApi(ReportAccessMixin, generics.ListAPIView):
    queryset = (
        Report.objects.none()
    )  # rows come from tenants.assessment.access; this names the model
    serializer_class = ReportListSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    filterset_class = ReportFilter
    ordering_fields = ["innovation__name", "status", "updated_at", "submitted_at"]

    @cached_property
    def year(self) -> int:
        return requested_year(self.request)

    def get_queryset(self) -> QuerySet[Report]:
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        parameters = selector_parameters(self)
        queryset = visible_reports(self.request.user, region_of(self.request)).filter(
            year=self.year
        )
        if parameters.get("status"):
            queryset = queryset.filter(status=parameters["status"])
        if parameters.get("opd"):
            queryset = queryset.filter(innovation__opd_id=parameters["opd"])
        if parameters.get("innovation"):
            queryset = queryset.filter(innovation_id=parameters["innovation"])
        return queryset.order_by("innovation__name")

    def paginate_queryset(
        self, queryset: QuerySet[Any, _Row] | Sequence[_Row]
    ) -> list[_Row] | None:
        page = super().paginate_queryset(queryset)
        # Every row is one of get_queryset's Reports; the isinstance tells the type checker so.
        reports = [row for row in page or [] if isinstance(row, Report)]
        self._scores = innovation_scores(self.year, [report.pk for report in reports])
        return page

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "scores": getattr(self, "_scores", {})}


@extend_schema(
    tags=["reports"],
    summary="One report: answers, evidence, review notes and the transitions I may fire",
    responses=ReportDetailSerializer,
)
class ReportDetailApi(ReportAccessMixin, generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION
    filter_backends: list = []
    pagination_class = None
    serializer_class = ReportDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.report_body(self.report(pk, detailed=True)))


@extend_schema(
    tags=["reports"],
    summary="Move a report through the verification workflow",
    description=(
        "`submit` (the innovation's OPD or admins; the profile must be complete), `return` "
        "(verifiers, with at least one note), `verify` (verifiers; pending evidence is accepted "
        "with it), `reopen` (verifiers, with a reason). A transition that the report's current "
        "status does not allow answers 409 with a message; one the caller may not fire, 403."
    ),
    request=ReportTransitionSerializer,
    responses={200: ReportDetailSerializer, 409: ErrorEnvelope},
)
class ReportTransitionApi(ReportAccessMixin, generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # which transition who may fire: the workflow decides
    filter_backends: list = []
    pagination_class = None
    serializer_class = ReportTransitionSerializer

    def post(self, request: Request, pk: int) -> Response:
        report = self.report(pk)
        serializer = ReportTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            fire(
                data["transition"],
                region=region_of(request),
                actor=user_of(request),
                report=report,
                notes=[(note["target"], note["message"]) for note in data.get("notes", [])],
                reason=data["reason"],
            )
        except TransitionError as exc:
            raise state_conflict(exc) from exc
        return Response(self.report_body(self.report(pk, detailed=True)))


@extend_schema(
    tags=["answers"],
    summary="Answer one SID indicator of a report (creates or replaces the answer)",
    description=(
        "The innovation's OPD (or admins) while the report is a draft or returned. "
        "`level: null` clears the answer; its evidence stays."
    ),
    request=AnswerInputSerializer,
    responses={200: AnswerSerializer},
)
class ReportAnswerApi(ReportAccessMixin, generics.GenericAPIView):
    permission_classes = [InnovationEditor]
    filter_backends: list = []
    pagination_class = None
    serializer_class = AnswerInputSerializer

    def post(self, request: Request, pk: int) -> Response:
        report = self.report(pk)
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = answer_set(
            region=region_of(request),
            actor=user_of(request),
            year=report.year,
            report=report,
            **serializer.validated_data,
        )
        return Response(_answer_body(request, answer.pk))


class RegionAnswerFilter(SelectorFilterSet):
    year = YearFilter(label="Assessment year (default: the current one)")


@extend_schema_view(
    get=extend_schema(
        tags=["answers"],
        summary="The region's SPD answers of a year, with their evidence",
        responses=AnswerSerializer(many=True),
    ),
    post=extend_schema(
        tags=["answers"],
        summary="Answer one SPD indicator of the region (region admins)",
        request=RegionAnswerInputSerializer,
        responses={200: AnswerSerializer},
    ),
)
class RegionAnswerListApi(generics.ListCreateAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.EDIT_REGION_INDICATORS
    filterset_class = RegionAnswerFilter
    ordering_fields = ["indicator_code", "updated_at"]

    def get_serializer_class(self) -> type[BaseSerializer]:
        return AnswerSerializer if self.request.method == "GET" else RegionAnswerInputSerializer

    def base_queryset(self) -> QuerySet[Answer]:
        return Answer.objects.none()

    def get_queryset(self) -> QuerySet[Answer]:
        if getattr(self, "swagger_fake_view", False):
            return Answer.objects.none()
        selector_parameters(self)
        return (
            Answer.objects.filter(report__isnull=True, year=requested_year(self.request))
            .prefetch_related("evidence")
            .order_by("indicator_code")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RegionAnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        answer = answer_set(
            region=region_of(request),
            actor=user_of(request),
            report=None,
            **serializer.validated_data,
        )
        return Response(_answer_body(request, answer.pk))


def _answer_body(request: Request, pk: int) -> dict[str, Any]:
    answer = (
        visible_answers(request.user, region_of(request)).prefetch_related("evidence").get(pk=pk)
    )
    return AnswerSerializer(answer, context={"request": request}).data


@extend_schema(tags=["answers"], summary="One answer with its evidence")
class AnswerDetailApi(generics.RetrieveAPIView):
    serializer_class = AnswerSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION

    def get_queryset(self) -> QuerySet[Answer]:
        return visible_answers(self.request.user, region_of(self.request)).prefetch_related(
            "evidence"
        )


@extend_schema(
    tags=["evidence"],
    summary="Add evidence to an answer: a file (multipart) or a link (JSON or form)",
    description=(
        "Files are checked by their content, not their name: the type must be one the indicator "
        "accepts (see the rubric's `file_types`), and an executable or archive is refused "
        "whatever it is called. Links only for indicators with `accepts_url`."
    ),
    request=EvidenceCreateSerializer,
    responses={201: EvidenceSerializer},
)
class AnswerEvidenceApi(generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # SID: the OPD's editors, SPD: admins; the service decides
    filter_backends: list = []
    pagination_class = None
    serializer_class = EvidenceCreateSerializer
    parser_classes = [MultiPartParser]  # a file, or a link in the same form

    def post(self, request: Request, pk: int) -> Response:
        region, actor = region_of(request), user_of(request)
        answer = visible_answers(actor, region).filter(pk=pk).first()
        if answer is None:
            raise Http404
        serializer = EvidenceCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data.get("file")
        try:
            if upload is not None:
                evidence = evidence_add_file(
                    region=region, actor=actor, answer=answer, upload=upload
                )
            else:
                evidence = evidence_add_url(
                    region=region,
                    actor=actor,
                    answer=answer,
                    url=serializer.validated_data["url"],
                )
        except DjangoValidationError as exc:
            if upload is not None and not hasattr(exc, "error_dict") and not answer_locked(answer):
                # The file itself was refused: say so on the field that carried it.
                raise DjangoValidationError({"file": exc.messages}) from exc
            raise
        body = EvidenceSerializer(evidence, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


def answer_locked(answer: Answer) -> bool:
    return answer.report is not None and answer.report.is_locked


class EvidenceAccessMixin(generics.GenericAPIView):
    def evidence(self, pk: int) -> Evidence:
        evidence = (
            visible_evidence(self.request.user, region_of(self.request)).filter(pk=pk).first()
        )
        if evidence is None:
            raise Http404
        return evidence


@extend_schema_view(
    get=extend_schema(tags=["evidence"], summary="One evidence item"),
    delete=extend_schema(
        tags=["evidence"],
        summary="Remove an evidence item (while its answer may still be changed)",
        responses={204: None, 400: ErrorEnvelope},
    ),
)
class EvidenceDetailApi(EvidenceAccessMixin, generics.RetrieveDestroyAPIView):
    serializer_class = EvidenceSerializer
    permission_classes = [RegionAction]
    read_action = Action.VIEW_REGION
    write_action = Action.VIEW_REGION  # the service checks who may change the answer
    filter_backends: list = []
    pagination_class = None

    def get_object(self) -> Evidence:
        return self.evidence(self.kwargs["pk"])

    def perform_destroy(self, instance: Evidence) -> None:
        evidence_remove(
            region=region_of(self.request), actor=user_of(self.request), evidence=instance
        )


@extend_schema(
    tags=["evidence"],
    summary="Download an evidence file (to users who may see its innovation)",
    responses=FILE_RESPONSES,
)
class EvidenceDownloadApi(EvidenceAccessMixin, RegionFileApi):
    def get(self, request: Request, pk: int) -> FileResponse:
        evidence = self.evidence(pk)
        if not evidence.is_file:
            raise Http404  # a link has nothing to download; its `url` is in the metadata
        stored_name = evidence.file.name
        if not stored_name:  # is_file says it is set; an empty field is a 404 in file_response
            raise Http404
        return file_response(
            evidence.file,
            filename=evidence.original_name or stored_name.rsplit("/", 1)[-1],
            content_type=evidence.content_type or "application/octet-stream",
        )


@extend_schema(
    tags=["evidence"],
    summary="Accept or reject an evidence item (verifiers)",
    description=(
        "SID evidence only while its report is submitted; a rejection needs a `note` for the OPD."
    ),
    request=EvidenceReviewSerializer,
    responses={200: EvidenceSerializer},
)
class EvidenceReviewApi(EvidenceAccessMixin, generics.GenericAPIView):
    permission_classes = [RegionAction]
    read_action = Action.VERIFY_INNOVATION
    write_action = Action.VERIFY_INNOVATION
    filter_backends: list = []
    pagination_class = None
    serializer_class = EvidenceReviewSerializer

    def post(self, request: Request, pk: int) -> Response:
        evidence = self.evidence(pk)
        serializer = EvidenceReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reviewed = evidence_review(
            region=region_of(request),
            actor=user_of(request),
            evidence=evidence,
            **serializer.validated_data,
        )
        return Response(EvidenceSerializer(reviewed, context={"request": request}).data)
