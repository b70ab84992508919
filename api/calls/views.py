"""Calls for innovations over the API (region hosts), with the same rules as the pages: anyone
reads the calls that are not drafts, their stages, rubric and published results, submits to an
open call (no account; limited per client address) and follows a submission by its receipt
number; the call's managers (MANAGE_CALLS) list its submissions; jurors on the call's jury
declare conflicts and score."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.policy import Action, can
from api.calls.serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CallDetailSerializer,
    CallSerializer,
    DeclarationSerializer,
    PublicSubmissionSerializer,
    ReceiptSerializer,
    ScoresSerializer,
    StageScoreSerializer,
    SubmissionSerializer,
)
from api.permissions import region_of, user_of
from tenants.calls import judging, selectors, spam
from tenants.calls.access import judged_submission, managed_call, public_call
from tenants.calls.models import Call, StageScore, Submission
from tenants.calls.submissions import attachment_add, submit

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request


class TooManyRequests(exceptions.Throttled):
    default_detail = "Terlalu banyak kiriman dari alamat Anda. Coba lagi nanti."


@extend_schema(tags=["calls"], summary="Calls for innovations (managers also see drafts)")
class CallListApi(generics.ListAPIView):
    serializer_class = CallSerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Call]:
        if getattr(self, "swagger_fake_view", False):
            return Call.objects.none()
        if can(self.request.user, Action.MANAGE_CALLS, region_of(self.request)):
            return Call.objects.select_related("current_stage").order_by("-opens_on", "-pk")
        return selectors.public_calls().select_related("current_stage")


@extend_schema(
    tags=["calls"],
    summary="One call with its stages, rubric and published results",
    responses=CallDetailSerializer,
)
class CallDetailApi(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = CallDetailSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, pk: int) -> Response:
        region = region_of(request)
        call = (
            managed_call(request.user, region, pk)
            if can(request.user, Action.MANAGE_CALLS, region)
            else public_call(pk)
        )
        return Response(CallDetailSerializer(call).data)


@extend_schema(
    tags=["calls"],
    summary="Submit to an open call without an account; answers the receipt number",
    request=PublicSubmissionSerializer,
    responses={201: ReceiptSerializer},
)
class CallSubmitApi(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicSubmissionSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request, pk: int) -> Response:
        region = region_of(request)
        call = public_call(pk)
        if spam.over_limit(request._request, "api-submit"):
            raise TooManyRequests
        serializer = PublicSubmissionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Through the API only the kinds that need no account: members use the pages.
        submission = submit(region=region, call=call, data=dict(serializer.validated_data))
        found = selectors.receipt(submission.receipt_number)
        return Response(ReceiptSerializer(found).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["calls"], summary="Submissions of a call (its managers)")
class CallSubmissionListApi(generics.ListAPIView):
    serializer_class = SubmissionSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Submission]:
        if getattr(self, "swagger_fake_view", False):
            return Submission.objects.none()
        call = managed_call(user_of(self.request), region_of(self.request), self.kwargs["pk"])
        return call.submissions.select_related("current_stage").order_by("final_rank", "pk")


@extend_schema(
    tags=["calls"],
    summary="Follow a submission by its receipt number (status and stage, no personal data)",
    responses=ReceiptSerializer,
)
class ReceiptApi(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = ReceiptSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, receipt_number: str) -> Response:
        if spam.over_limit(request._request, "receipt", factor=6):
            raise TooManyRequests
        found = selectors.receipt(receipt_number)
        if found is None:
            raise exceptions.NotFound
        return Response(ReceiptSerializer(found).data)


@extend_schema(
    tags=["calls"],
    summary="Attach a file (PDF/JPG/PNG) to a submission while its call is open",
    description="The receipt number is the submitter's key; at most three files.",
    request={"multipart/form-data": AttachmentUploadSerializer},
    responses={201: AttachmentSerializer},
)
class ReceiptAttachmentApi(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = AttachmentUploadSerializer
    parser_classes = [MultiPartParser]
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request, receipt_number: str) -> Response:
        if spam.over_limit(request._request, "api-attach"):
            raise TooManyRequests
        submission = (
            Submission.objects.filter(receipt_number=receipt_number.strip().upper())
            .select_related("call")
            .first()
        )
        if submission is None:
            raise exceptions.NotFound
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = attachment_add(
            region=region_of(request),
            submission=submission,
            upload=serializer.validated_data["file"],
        )
        return Response(
            {
                "id": attachment.pk,
                "original_name": attachment.original_name,
                "size": attachment.size,
            },
            status=status.HTTP_201_CREATED,
        )


def _score_data(row: StageScore) -> dict[str, object]:
    return dict(StageScoreSerializer(row).data)


@extend_schema(
    tags=["calls"],
    summary="Declare a conflict of interest (or none) on a submission (its jurors)",
    request=DeclarationSerializer,
    responses={201: StageScoreSerializer},
)
class JuryDeclarationApi(generics.GenericAPIView):
    serializer_class = DeclarationSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request, pk: int) -> Response:
        seat, submission = judged_submission(user_of(request), region_of(request), pk)
        serializer = DeclarationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = judging.declare(
            region=region_of(request),
            actor=user_of(request),
            juror=seat,
            submission=submission,
            has_conflict=serializer.validated_data["has_conflict"],
            note=serializer.validated_data["conflict_note"],
        )
        return Response(_score_data(row), status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["calls"],
    summary="Score a submission in the current stage (its jurors, after declaring no conflict)",
    request=ScoresSerializer,
    responses={200: StageScoreSerializer},
)
class JuryScoreApi(generics.GenericAPIView):
    serializer_class = ScoresSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request, pk: int) -> Response:
        seat, submission = judged_submission(user_of(request), region_of(request), pk)
        serializer = ScoresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = judging.score(
            region=region_of(request),
            actor=user_of(request),
            juror=seat,
            submission=submission,
            scores={str(k): v for k, v in serializer.validated_data["scores"].items()},
            note=serializer.validated_data["note"],
        )
        return Response(_score_data(row))
