"""Calls for innovations over the API (region hosts), with the same rules as the pages: anyone
reads the calls that are not drafts, their stages, rubric and published results, submits to an
open call (no account; limited per client address) and follows a submission by its receipt
number; the call's managers (MANAGE_CALLS) create and change calls, take their steps, seat the
jury, set the rubric and list its submissions; jurors on the call's jury declare conflicts and
score."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import User
from accounts.policy import Action, can, require
from api.calls.serializers import (
    AcceptedSerializer,
    AcceptSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    CallDetailSerializer,
    CallSerializer,
    CallWriteSerializer,
    CriterionAddSerializer,
    CriterionSerializer,
    DeclarationSerializer,
    FollowUpSerializer,
    FollowUpWriteSerializer,
    ForwardSerializer,
    JurorAddSerializer,
    JurorSerializer,
    ObjectionDecisionSerializer,
    ObjectionFiledSerializer,
    ObjectionFileSerializer,
    ObjectionSerializer,
    PublicSubmissionSerializer,
    ReceiptSerializer,
    ScoresSerializer,
    StageScoreSerializer,
    StepSerializer,
    SubmissionDetailSerializer,
    SubmissionSerializer,
)
from api.downloads import FILE_RESPONSES, RegionFileApi, upload_response
from api.errors import state_conflict
from api.organization.lookups import opd_unit_or_404
from api.permissions import region_of, user_of
from api.schema import ErrorEnvelope
from tenants.calls import forwarding, judging, selectors, services, spam
from tenants.calls.access import (
    attachment_for,
    judged_submission,
    managed_call,
    managed_submission,
    public_call,
)
from tenants.calls.models import (
    Call,
    CallStatus,
    JuryMember,
    Objection,
    ReviewCriterion,
    StageScore,
    Submission,
)
from tenants.calls.submissions import attachment_add, objection_file, submit

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import FileResponse
    from rest_framework.request import Request


class TooManyRequests(exceptions.Throttled):
    default_detail = "Terlalu banyak kiriman dari alamat Anda. Coba lagi nanti."


@extend_schema_view(
    get=extend_schema(tags=["calls"], summary="Calls for innovations (managers also see drafts)"),
    post=extend_schema(
        tags=["calls"],
        summary="Create a call as a draft, with the default stages and rubric (managers)",
        request=CallWriteSerializer,
        responses={201: CallDetailSerializer, 403: ErrorEnvelope},
    ),
)
class CallListApi(generics.ListAPIView):
    serializer_class = CallSerializer
    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser]
    filter_backends: list = []

    def get_serializer_class(self) -> type[CallSerializer] | type[CallWriteSerializer]:
        return CallWriteSerializer if self.request.method == "POST" else CallSerializer

    def get_queryset(self) -> QuerySet[Call]:
        if getattr(self, "swagger_fake_view", False):
            return Call.objects.none()
        if can(self.request.user, Action.MANAGE_CALLS, region_of(self.request)):
            return Call.objects.select_related("current_stage").order_by("-opens_on", "-pk")
        return selectors.public_calls().select_related("current_stage")

    def post(self, request: Request) -> Response:
        region = region_of(request)
        require(request.user, Action.MANAGE_CALLS, region)
        serializer = CallWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call = services.call_create(
            region=region, actor=user_of(request), data=dict(serializer.validated_data)
        )
        return Response(CallDetailSerializer(call).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        tags=["calls"],
        summary="One call with its stages, rubric and published results",
        responses=CallDetailSerializer,
    ),
    patch=extend_schema(
        tags=["calls"],
        summary="Change a call's description, period and rules (managers; until judging)",
        description="A call in judging or later answers 409.",
        request=CallWriteSerializer,
        responses={200: CallDetailSerializer, 404: ErrorEnvelope, 409: ErrorEnvelope},
    ),
)
class CallDetailApi(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = CallDetailSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []
    pagination_class = None
    http_method_names = ["get", "patch", "head", "options"]

    def get(self, request: Request, pk: int) -> Response:
        region = region_of(request)
        call = (
            managed_call(request.user, region, pk)
            if can(request.user, Action.MANAGE_CALLS, region)
            else public_call(pk)
        )
        return Response(CallDetailSerializer(call).data)

    def patch(self, request: Request, pk: int) -> Response:
        region = region_of(request)
        call = managed_call(request.user, region, pk)
        serializer = CallWriteSerializer(call, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        with refusals():
            call = services.call_update(
                region=region,
                actor=user_of(request),
                call=call,
                data=dict(serializer.validated_data),
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


class _CallActionApi(generics.GenericAPIView):
    """An action on a call or one of its submissions (a manager's or a juror's): a JSON body or
    none, one object, no list."""

    parser_classes = [JSONParser]
    filter_backends: list = []
    pagination_class = None

    def body(self, request: Request) -> dict[str, Any]:
        """The request's body, checked by the view's serializer (400 with the fields)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


@extend_schema(
    tags=["calls"],
    summary="Declare a conflict of interest (or none) on a submission (its jurors)",
    request=DeclarationSerializer,
    responses={201: StageScoreSerializer},
)
class JuryDeclarationApi(_CallActionApi):
    serializer_class = DeclarationSerializer

    def post(self, request: Request, pk: int) -> Response:
        seat, submission = judged_submission(user_of(request), region_of(request), pk)
        data = self.body(request)
        row = judging.declare(
            region=region_of(request),
            actor=user_of(request),
            juror=seat,
            submission=submission,
            has_conflict=data["has_conflict"],
            note=data["conflict_note"],
        )
        return Response(_score_data(row), status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["calls"],
    summary="Score a submission in the current stage (its jurors, after declaring no conflict)",
    request=ScoresSerializer,
    responses={200: StageScoreSerializer},
)
class JuryScoreApi(_CallActionApi):
    serializer_class = ScoresSerializer

    def post(self, request: Request, pk: int) -> Response:
        seat, submission = judged_submission(user_of(request), region_of(request), pk)
        data = self.body(request)
        row = judging.score(
            region=region_of(request),
            actor=user_of(request),
            juror=seat,
            submission=submission,
            scores={str(k): v for k, v in data["scores"].items()},
            note=data["note"],
        )
        return Response(_score_data(row))


# Managing a call (MANAGE_CALLS), as on the managers' pages: the same access functions load the
# objects and the same services write. A step the call's state does not allow answers 409.


@contextmanager
def refusals(*, fields_are_input: bool = True) -> Iterator[None]:
    """A service's refusal as the API answers it: one tied to fields is the input's fault (400,
    unless `fields_are_input` is false), any other the state's (409)."""
    try:
        yield
    except DjangoValidationError as exc:
        if fields_are_input and hasattr(exc, "error_dict"):
            raise
        raise state_conflict(exc) from exc


@extend_schema(
    tags=["calls"],
    summary="Take a step of the call: open, judge, advance, publish or close (managers)",
    description=(
        "`keep` (advance from a review stage: how many pass) and `winners` (publish) are "
        "optional. A step the call's status or stage does not allow answers 409."
    ),
    request=StepSerializer,
    responses={200: CallDetailSerializer, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class CallStepApi(_CallActionApi):
    serializer_class = StepSerializer

    def post(self, request: Request, pk: int, name: str) -> Response:
        user, region = user_of(request), region_of(request)
        call = managed_call(user, region, pk)
        if name not in services.STEPS:
            raise exceptions.NotFound
        data = self.body(request)
        with refusals(fields_are_input=False):
            call = services.take_step(
                region=region,
                actor=user,
                call=call,
                step=name,
                keep=data["keep"],
                winners=data["winners"],
            )
        return Response(CallDetailSerializer(call).data)


@extend_schema_view(
    get=extend_schema(tags=["calls"], summary="A call's jury (managers)"),
    post=extend_schema(
        tags=["calls"],
        summary="Seat a member with the jury role on a call's jury (managers)",
        description="Not once results are published (409); someone not a juror member: 400.",
        request=JurorAddSerializer,
        responses={201: JurorSerializer, 404: ErrorEnvelope, 409: ErrorEnvelope},
    ),
)
class CallJuryApi(generics.ListCreateAPIView):
    serializer_class = JurorSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self) -> QuerySet[JuryMember]:
        if getattr(self, "swagger_fake_view", False):
            return JuryMember.objects.none()
        call = managed_call(user_of(self.request), region_of(self.request), self.kwargs["pk"])
        return call.jury.order_by("name", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user, region = user_of(request), region_of(request)
        call = managed_call(user, region, kwargs["pk"])
        serializer = JurorAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        person = User.objects.filter(pk=data["user"], is_active=True).first()
        if person is None:
            raise exceptions.ValidationError({"user": [_("Data tidak ditemukan.")]})
        try:
            juror = services.jury_add(
                region=region,
                actor=user,
                call=call,
                user=person,
                affiliation_kind=data["affiliation_kind"],
                affiliation=data["affiliation"],
            )
        except DjangoValidationError as exc:
            if call.status in (CallStatus.PUBLISHED, CallStatus.CLOSED):
                raise state_conflict(exc) from exc
            raise exceptions.ValidationError({"user": exc.messages}) from exc
        return Response(JurorSerializer(juror).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["calls"],
    summary="Unseat a juror (managers; not one who has already scored: 409)",
    responses={204: None, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class CallJurorApi(generics.GenericAPIView):
    filter_backends: list = []
    pagination_class = None
    http_method_names = ["delete", "options"]

    def delete(self, request: Request, pk: int, juror_id: int) -> Response:
        user, region = user_of(request), region_of(request)
        call = managed_call(user, region, pk)
        juror = call.jury.filter(pk=juror_id).first()
        if juror is None:
            raise exceptions.NotFound
        with refusals(fields_are_input=False):
            services.jury_remove(region=region, actor=user, juror=juror)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["calls"],
    summary="Add a criterion to a call's rubric (managers; drafts only, else 409)",
    request=CriterionAddSerializer,
    responses={201: CriterionSerializer, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class CallCriteriaApi(_CallActionApi):
    serializer_class = CriterionAddSerializer

    def post(self, request: Request, pk: int) -> Response:
        user, region = user_of(request), region_of(request)
        call = managed_call(user, region, pk)
        data = self.body(request)
        with refusals():
            criterion = services.criterion_add(region=region, actor=user, call=call, **data)
        return Response(CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["calls"],
    summary="Remove a criterion from a call's rubric (managers; drafts only, never the last)",
    responses={204: None, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class CallCriterionApi(generics.GenericAPIView):
    filter_backends: list = []
    pagination_class = None
    http_method_names = ["delete", "options"]

    def delete(self, request: Request, pk: int, criterion_id: int) -> Response:
        user, region = user_of(request), region_of(request)
        call = managed_call(user, region, pk)
        criterion = ReviewCriterion.objects.filter(call=call, pk=criterion_id).first()
        if criterion is None:
            raise exceptions.NotFound
        with refusals(fields_are_input=False):
            services.criterion_remove(region=region, actor=user, criterion=criterion)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["calls"],
    summary="One submission with its files, scores, objections and follow-ups (managers)",
    responses={200: SubmissionDetailSerializer, 404: ErrorEnvelope},
)
class CallSubmissionApi(generics.GenericAPIView):
    serializer_class = SubmissionDetailSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, pk: int) -> Response:
        item = managed_submission(user_of(request), region_of(request), pk)
        for name, rows in selectors.submission_detail(item).items():
            setattr(item, f"_{name}", rows)
        return Response(SubmissionDetailSerializer(item, context={"request": request}).data)


@extend_schema(
    tags=["calls"],
    summary="Download a submission's attachment (the call's managers and jurors)",
    responses=FILE_RESPONSES,
)
class CallAttachmentDownloadApi(RegionFileApi):
    # The call's managers and its jurors: attachment_for decides, as on the page.
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request: Request, pk: int, attachment_id: int) -> FileResponse:
        item = attachment_for(user_of(request), region_of(request), pk, attachment_id)
        return upload_response(
            item.file, original_name=item.original_name, content_type=item.content_type
        )


@extend_schema(
    tags=["calls"],
    summary="Accept a winning submission as a draft innovation (managers)",
    description=(
        "`opd`: the unit that takes on a community innovation (required when the submission "
        "names none; a unit not of the region: 404). Accepting again answers the same "
        "innovation; not a winner: 409."
    ),
    request=AcceptSerializer,
    responses={200: AcceptedSerializer, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class CallAcceptApi(_CallActionApi):
    serializer_class = AcceptSerializer

    def post(self, request: Request, pk: int) -> Response:
        user, region = user_of(request), region_of(request)
        item = managed_submission(user, region, pk)
        data = self.body(request)
        opd = opd_unit_or_404(data["opd"])
        with refusals():
            innovation = services.accept_submission(
                region=region, actor=user, submission=item, opd=opd
            )
        return Response({"innovation_id": innovation.pk, "name": innovation.name})


@extend_schema(
    tags=["calls"],
    summary="Record or update a follow-up (HKI, incubation, replication) of a ranked submission",
    description="A submission that is not ranked answers 409.",
    request=FollowUpWriteSerializer,
    responses={200: FollowUpSerializer, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class CallFollowUpApi(_CallActionApi):
    serializer_class = FollowUpWriteSerializer

    def post(self, request: Request, pk: int) -> Response:
        user, region = user_of(request), region_of(request)
        item = managed_submission(user, region, pk)
        data = self.body(request)
        with refusals():
            row = services.follow_up_save(region=region, actor=user, submission=item, **data)
        return Response(FollowUpSerializer(row).data)


@extend_schema(
    tags=["calls"],
    summary="Forward a winning submission to an open call of the province (managers)",
    description=(
        "The copy into the province's call is made shortly after. A call of the province that "
        "does not take submissions: 400; a submission that is not a winner: 409."
    ),
    request=ForwardSerializer,
    responses={202: None, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class CallForwardApi(_CallActionApi):
    serializer_class = ForwardSerializer

    def post(self, request: Request, pk: int) -> Response:
        user, region = user_of(request), region_of(request)
        item = managed_submission(user, region, pk)
        data = self.body(request)
        call_id = data["call"]
        if call_id not in {key for key, _title in forwarding.province_open_calls(region)}:
            raise exceptions.ValidationError(
                {"call": [_("Sayembara provinsi itu tidak sedang menerima usulan.")]}
            )
        with refusals(fields_are_input=False):
            forwarding.forward(region=region, actor=user, submission=item, call_id=call_id)
        return Response(status=status.HTTP_202_ACCEPTED)


@extend_schema(
    tags=["calls"],
    summary="Object that a submission is not original, during the uji publik (no account)",
    description=(
        "Only while the call is in its objection period and only against its submissions "
        "still in the running (`submission` of another call or out of it: 400); limited per "
        "client address. The call's managers decide."
    ),
    request=ObjectionFileSerializer,
    responses={201: ObjectionFiledSerializer, 404: ErrorEnvelope},
)
class CallObjectionApi(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = ObjectionFileSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request, pk: int) -> Response:
        call = public_call(pk)
        if spam.over_limit(request._request, "api-object"):
            raise TooManyRequests
        serializer = ObjectionFileSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        submission = next(
            (s for s in selectors.under_objection(call) if s.pk == data["submission"]), None
        )
        if submission is None:
            raise exceptions.ValidationError(
                {"submission": [_("Sanggahan hanya dapat diajukan selama masa uji publik.")]}
            )
        objection = objection_file(region=region_of(request), submission=submission, data=data)
        return Response(
            {"id": objection.pk, "status": objection.status}, status=status.HTTP_201_CREATED
        )


@extend_schema(
    tags=["calls"],
    summary="Decide an objection: uphold (disqualifies the submission) or reject (managers)",
    description="An objection already decided answers 409.",
    request=ObjectionDecisionSerializer,
    responses={200: ObjectionSerializer, 404: ErrorEnvelope, 409: ErrorEnvelope},
)
class CallObjectionDecisionApi(_CallActionApi):
    serializer_class = ObjectionDecisionSerializer

    def post(self, request: Request, pk: int) -> Response:
        user, region = user_of(request), region_of(request)
        require(user, Action.MANAGE_CALLS, region)
        objection = Objection.objects.filter(pk=pk).select_related("submission__call").first()
        if objection is None:
            raise exceptions.NotFound
        data = self.body(request)
        with refusals(fields_are_input=False):
            objection = services.objection_decide(
                region=region,
                actor=user,
                objection=objection,
                uphold=data["decision"] == "uphold",
            )
        return Response(ObjectionSerializer(objection).data)
