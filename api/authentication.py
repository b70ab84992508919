"""Personal tokens on the API: `Authorization: Bearer <secret>` (what generated clients send) or
the older `Authorization: Token <secret>`.

An unknown, expired or revoked token is a 401 (`error.code` `authentication_failed`,
`token_expired`, `token_revoked`) with `WWW-Authenticate: Bearer`; a valid token used beyond its
limits (read-only, held to another region) is a 403 whose code says which
(accounts.policy.token_refusal decides)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts import personal_tokens
from accounts.models import PersonalToken
from accounts.policy import TokenRefusal, token_acts_as_owner, token_refusal

if TYPE_CHECKING:
    from rest_framework.request import Request

KEYWORDS = (b"bearer", b"token")


class PersonalTokenAuthentication(BaseAuthentication):
    def __init__(self, *, enforce_limits: bool = True) -> None:
        # A token's limits (read-only, one region) hold for every operation but revoking the
        # token itself, which its holder may always do (`DELETE /auth/token/`).
        self.enforce_limits = enforce_limits

    def authenticate(self, request: Request) -> tuple[Any, PersonalToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # another scheme, or none: the session may still authenticate
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Header Authorization harus berbentuk 'Bearer <token>'."),
                code="authentication_failed",
            )
        try:
            secret = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(code="authentication_failed") from None
        token = personal_tokens.token_for_secret(secret)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                _("Token tidak dikenal."), code="authentication_failed"
            )
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("Token ini sudah dicabut. Buat token baru."), code="token_revoked"
            )
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(
                _("Token ini sudah kedaluwarsa. Buat token baru."), code="token_expired"
            )
        region = getattr(request, "region", None)
        if not self.enforce_limits:
            return token.user, token
        refusal = token_refusal(
            token, region, request.method or "GET", public_operation=_is_public(request)
        )
        if refusal == TokenRefusal.READ_ONLY:
            raise exceptions.PermissionDenied(
                _("Token ini hanya untuk membaca data."), code=refusal.value
            )
        if refusal == TokenRefusal.OTHER_REGION:
            raise exceptions.PermissionDenied(
                _("Token ini hanya berlaku di %(region)s.") % {"region": token.region},
                code=refusal.value,
            )
        personal_tokens.note_use(token)
        if not token_acts_as_owner(token, region):
            return AnonymousUser(), token
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


def _is_public(request: Request) -> bool:
    """Does the operation being asked take anonymous visitors (its permissions allow anyone)?"""
    view = (getattr(request, "parser_context", None) or {}).get("view")
    if view is None:
        return False
    return any(
        isinstance(permission, permissions.AllowAny) for permission in view.get_permissions()
    )


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    """The OpenAPI security scheme: HTTP bearer, so generated clients send
    `Authorization: Bearer <token>`."""

    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal token from `POST /api/v1/auth/token/` or the account's "
                '"Token API" page. `Authorization: Token <token>` is accepted too.'
            ),
        }
