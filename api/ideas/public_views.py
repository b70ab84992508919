"""The public idea box over the API, as its pages (tenants.ideas.views.public_submit_view and
public_status_view): anyone in the region sends an idea without an account and gets a receipt
code, then follows its status (the status and the date only, nothing personal). The page's
hourly limit per address (tenants.ideas.guard) holds here too; its form-timing and honeypot
checks are the browser form's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from api.calls.views import TooManyRequests
from api.fields import StrictCharField
from api.organization.lookups import opd_unit_or_404
from api.permissions import region_of
from api.schema import ErrorEnvelope
from tenants.ideas import guard, services
from tenants.ideas.models import Idea, IdeaStatus
from tenants.ideas.selectors import idea_by_receipt

if TYPE_CHECKING:
    from rest_framework.request import Request


class PublicIdeaSerializer(serializers.Serializer):
    title = StrictCharField(max_length=200)
    problem = StrictCharField(max_length=5000)
    proposal = StrictCharField(max_length=5000)
    proposer_name = StrictCharField(max_length=150)
    proposer_contact = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="An e-mail address or a phone number (optional): for the triagers only.",
    )
    suggested_opd = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class IdeaReceiptSerializer(serializers.Serializer):
    receipt_code = serializers.CharField(help_text="Keep it to follow the idea's status.")
    status = serializers.ChoiceField(choices=IdeaStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    created_at = serializers.DateTimeField()


@extend_schema(
    tags=["ideas"],
    summary="Send an idea to the region's idea box without an account; answers a receipt code",
    description=(
        "As the public idea form. An address sends a limited number of ideas an hour (429 "
        "after); a `suggested_opd` that is not one of the region's units is a 404. The "
        "triagers see the proposer's name and contact; the receipt shows neither."
    ),
    request=PublicIdeaSerializer,
    responses={
        201: IdeaReceiptSerializer,
        400: ErrorEnvelope,
        404: ErrorEnvelope,
        429: ErrorEnvelope,
    },
)
class PublicIdeaSubmitApi(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = PublicIdeaSerializer
    parser_classes = [JSONParser]
    filter_backends: list = []
    pagination_class = None

    def post(self, request: Request) -> Response:
        region = region_of(request)
        data = PublicIdeaSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not guard.under_rate_limit(region, request._request):
            raise TooManyRequests
        values = data.validated_data
        idea = services.idea_submit_public(
            region=region, data=values, suggested_opd=opd_unit_or_404(values.get("suggested_opd"))
        )
        return Response(IdeaReceiptSerializer(idea).data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["ideas"],
    summary="Follow an idea by its receipt code (status and date, nothing personal)",
    description="The code as shown (XXXX-XXXX-XX), in any case, with or without the dashes.",
    responses={200: IdeaReceiptSerializer, 404: ErrorEnvelope},
)
class IdeaReceiptApi(generics.GenericAPIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = IdeaReceiptSerializer
    filter_backends: list = []
    pagination_class = None

    def get(self, request: Request, code: str) -> Response:
        idea: Idea | None = idea_by_receipt(code[:20])
        if idea is None:
            raise exceptions.NotFound
        return Response(IdeaReceiptSerializer(idea).data)
