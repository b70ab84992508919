from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts.policy import Action
from accounts.selectors import members_of_region, memberships_of_user
from api.accounts.serializers import (
    MembershipSerializer,
    RegionMemberSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from api.errors import error_response
from api.permissions import RegionAction, region_of, user_of
from api.schema import ErrorEnvelope

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.request import Request

    from accounts.models import Membership


class LoginThrottle(AnonRateThrottle):
    scope = "login"


@extend_schema(
    tags=["account"], summary="My memberships: the regions I belong to and my role in each"
)
class MyMembershipsApi(generics.ListAPIView):
    serializer_class = MembershipSerializer
    filter_backends = []

    def get_queryset(self) -> QuerySet[Membership]:
        return memberships_of_user(user_of(self.request))


@extend_schema(
    tags=["account"],
    summary="Exchange e-mail and password for an API token",
    request=TokenRequestSerializer,
    responses={200: TokenResponseSerializer, 401: ErrorEnvelope},
)
class TokenCreateApi(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [LoginThrottle]

    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=serializer.validated_data["email"],
            password=serializer.validated_data["password"],
        )
        if user is None or not user.is_active:
            response = error_response(
                status.HTTP_401_UNAUTHORIZED,
                "invalid_credentials",
                _("E-mail atau kata sandi salah."),
            )
            response["WWW-Authenticate"] = "Token"
            return response
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


@extend_schema(tags=["region"], summary="Members of this region and their roles (region admins)")
class RegionMemberListApi(generics.ListAPIView):
    serializer_class = RegionMemberSerializer
    permission_classes = [RegionAction]
    read_action = Action.MANAGE_MEMBERS
    write_action = Action.MANAGE_MEMBERS
    filter_backends = []

    def get_queryset(self) -> QuerySet[Membership]:
        return members_of_region(region_of(self.request))
