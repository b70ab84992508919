from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import two_factor
from accounts.models import PersonalToken
from accounts.personal_tokens import token_create, token_of_user, token_revoke, tokens_of_user
from accounts.selectors import memberships_of_user
from api.accounts import throttle
from api.accounts.serializers import (
    MembershipSerializer,
    PersonalTokenSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from api.authentication import PersonalTokenAuthentication
from api.errors import MESSAGES, error_response, not_found_response
from api.permissions import user_of
from api.schema import ErrorEnvelope
from regions.models import Region

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from rest_framework.authentication import BaseAuthentication
    from rest_framework.request import Request

    from accounts.models import Membership, User


@extend_schema(
    tags=["account"], summary="My memberships: the regions I belong to and my role in each"
)
class MyMembershipsApi(generics.ListAPIView):
    serializer_class = MembershipSerializer
    filter_backends = []

    def get_queryset(self) -> QuerySet[Membership]:
        return memberships_of_user(user_of(self.request))


EXCHANGE_DESCRIPTION = """Signs in with e-mail and password and answers a new personal
token (201) with its secret in `token`, shown only in this answer: send it as
`Authorization: Bearer <token>` (`Authorization: Token <token>` is accepted too).

A token expires after `expires_in_days` (default 90, at most 365), may be held to one region
(`region`: it then works only on that region's host, and on the public site only for what
anyone may read) and to reading only (`read_only`: GET, HEAD and OPTIONS).

**Rate limit**: at most 10 *failed* exchanges a minute per client address and per e-mail;
successful ones are not counted. Beyond it the answer is 429 with `Retry-After`. Every answer
carries `RateLimit-Policy: "failed-sign-in";q=10;w=60` and
`RateLimit: "failed-sign-in";r=<failures left>;t=<seconds until the window ends>`
(draft-ietf-httpapi-ratelimit-headers). After 5 wrong passwords for one account from one
address, that account is locked there for 15 minutes (429, `error.code` `locked_out`).

**Second factor**: an account with two-step verification on (and every account that must use
it: platform admins, admins of a region that requires it) also sends `otp`, the
authenticator's current code or one of its recovery codes (used up by this). Without it the
answer is 401 `second_factor_required`; a wrong code is 401 `second_factor_invalid` and counts
as a failed exchange. Such an account that has not set it up yet gets 403
`second_factor_setup_required`: set it up on the site's account security page first."""

RATE_LIMIT_HEADERS = [
    OpenApiParameter(
        "RateLimit-Policy",
        str,
        OpenApiParameter.HEADER,
        response=True,
        description='The failed-exchange quota: `"failed-sign-in";q=10;w=60`.',
    ),
    OpenApiParameter(
        "RateLimit",
        str,
        OpenApiParameter.HEADER,
        response=True,
        description='Failures left and seconds until the window ends: `"failed-sign-in";r=9;t=42`.',
    ),
]


class TokenApi(APIView):
    """POST: exchange e-mail and password for a new token (anyone); DELETE: revoke the token the
    request is authenticated with."""

    def _method(self) -> str | None:
        # The schema generator builds the view before giving it a request.
        return getattr(getattr(self, "request", None), "method", None)

    def get_authenticators(self) -> list[BaseAuthentication]:
        # The exchange reads no credentials but the body's (a stale token sent along must not
        # make it a 401, nor an unsupported method anything but a 405); revoking needs the
        # token itself, not a session.
        if self._method() in (None, "DELETE"):
            return [PersonalTokenAuthentication(enforce_limits=False)]
        return []

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self._method() == "DELETE":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(
        tags=["account"],
        summary="Exchange e-mail and password for a new personal API token",
        description=EXCHANGE_DESCRIPTION,
        request=TokenRequestSerializer,
        responses={
            201: TokenResponseSerializer,
            401: ErrorEnvelope,
            403: OpenApiResponse(
                ErrorEnvelope,
                description="The account must use two-step verification and has not set it "
                "up (`second_factor_setup_required`).",
            ),
            429: OpenApiResponse(
                ErrorEnvelope,
                description="Too many failed exchanges (or the account is locked out here); "
                "`Retry-After` says when to try again.",
            ),
        },
        parameters=RATE_LIMIT_HEADERS,
        auth=[],
    )
    def post(self, request: Request) -> Response:
        email = request.data.get("email") if isinstance(request.data, dict) else None
        email = email if isinstance(email, str) else ""
        budget = throttle.budget(request._request, email)
        if budget.exhausted:
            response = error_response(
                status.HTTP_429_TOO_MANY_REQUESTS,
                "throttled",
                _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(s)d detik.")
                % {"s": budget.reset},
            )
            response["Retry-After"] = str(max(1, budget.reset))
            budget.apply_headers(response)
            return response
        serializer = TokenRequestSerializer(data=request.data)
        if not serializer.is_valid():
            return _invalid(serializer.errors, budget)
        data = serializer.validated_data
        user = authenticate(request._request, username=data["email"], password=data["password"])
        if user is None or not user.is_active:
            throttle.count_failure(request._request, data["email"])
            response = error_response(
                status.HTTP_401_UNAUTHORIZED,
                "invalid_credentials",
                _("E-mail atau kata sandi salah."),
            )
            response["WWW-Authenticate"] = "Bearer"
            throttle.budget(request._request, data["email"]).apply_headers(response)
            return response
        refusal = _second_factor_refusal(request, user, data)
        if refusal is not None:
            return refusal
        throttle.clear_email(request._request, data["email"])
        budget = throttle.budget(request._request, data["email"])
        region = None
        if data.get("region"):
            region = Region.objects.filter(slug=data["region"]).first()
            if region is None:
                return _invalid({"region": [_("Daerah ini tidak ada.")]}, budget)
        try:
            token, secret = token_create(
                user=user,
                name=data.get("name", ""),
                expires_in_days=data.get("expires_in_days"),
                region=region,
                read_only=data["read_only"],
            )
        except DjangoValidationError as error:
            return _invalid(error.message_dict, budget)
        response = Response(
            TokenResponseSerializer(token, context={"secret": secret}).data,
            status=status.HTTP_201_CREATED,
        )
        budget.apply_headers(response)
        return response

    @extend_schema(
        tags=["account"],
        summary="Revoke the token this request is authenticated with",
        request=None,
        responses={204: None},
    )
    def delete(self, request: Request) -> Response:
        token = request.auth
        if not isinstance(token, PersonalToken):  # unreachable: only a token authenticates here
            raise NotAuthenticated
        token_revoke(token=token, actor=token.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _second_factor_refusal(request: Request, user: User, data: dict[str, Any]) -> Response | None:
    """The answer when the right password is not enough (see EXCHANGE_DESCRIPTION); None when
    the exchange may go on."""
    if not two_factor.required_for_token(user):
        return None
    if not two_factor.has_second_factor(user):
        refusal = error_response(
            status.HTTP_403_FORBIDDEN,
            "second_factor_setup_required",
            _(
                "Akun ini wajib memakai verifikasi dua langkah. Pasang dulu di halaman keamanan "
                "akun, lalu minta token dengan kodenya di `otp`."
            ),
        )
    elif not data.get("otp"):
        refusal = error_response(
            status.HTTP_401_UNAUTHORIZED,
            "second_factor_required",
            _("Akun ini memakai verifikasi dua langkah: kirim kodenya di `otp`."),
        )
    elif two_factor.matching_device(user, data["otp"]) is None:
        throttle.count_failure(request._request, data["email"])
        refusal = error_response(
            status.HTTP_401_UNAUTHORIZED,
            "second_factor_invalid",
            _("Kode verifikasi dua langkah salah atau sudah kedaluwarsa."),
        )
    else:
        return None
    if refusal.status_code == status.HTTP_401_UNAUTHORIZED:
        refusal["WWW-Authenticate"] = "Bearer"
    throttle.budget(request._request, data["email"]).apply_headers(refusal)
    return refusal


def _invalid(fields: Any, budget: throttle.Budget) -> Response:
    response = error_response(status.HTTP_400_BAD_REQUEST, "invalid", str(MESSAGES["invalid"]()))
    response.data["error"]["fields"] = fields
    budget.apply_headers(response)
    return response


@extend_schema(
    tags=["account"],
    summary="My personal API tokens (never their secrets), newest first",
)
class MyTokenListApi(generics.ListAPIView):
    serializer_class = PersonalTokenSerializer
    filter_backends = []

    def get_queryset(self) -> QuerySet[PersonalToken]:
        return tokens_of_user(user_of(self.request))


@extend_schema(
    tags=["account"],
    summary="Revoke one of my personal API tokens",
    request=None,
    responses={204: None},
)
class MyTokenRevokeApi(APIView):
    def delete(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        token = token_of_user(user, pk)
        if token is None:
            return not_found_response()
        token_revoke(token=token, actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
