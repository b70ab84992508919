"""Single sign-on through an OpenID Connect identity provider run by a province or a region.

The flow is the authorization-code flow with PKCE (Authlib): the public site's sign-in page
offers the providers that may serve the region the person is heading to; the provider sends the
browser back with a code; its ID token (signature, issuer, audience, nonce checked by Authlib)
names the person. An account is found by the provider's `sub` once linked, or linked the first
time by the e-mail address the provider says it verified. No account is ever created here, and
the provider may vouch only for people of its own territory (policy.identity_provider_may_vouch_for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from requests import RequestException

from accounts.models import ExternalIdentity, IdentityProvider, User
from accounts.policy import identity_provider_may_vouch_for
from core.audit import EventType, record_event

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from regions.models import Region

# Every call to a provider (discovery, keys, token) is bounded: a slow provider cannot hold a
# web process.
PROVIDER_TIMEOUT_SECONDS = 5
_RETURN_KEY = "lumbung_sso_return"


def method_name(provider: IdentityProvider) -> str:
    """How a SignIn through this provider is recorded (accounts.central_sign_in)."""
    return f"oidc:{provider.slug}"


def providers_for(region: Region | None) -> list[IdentityProvider]:
    """The providers offered on the sign-in page: heading for a region, its own and its
    province's; otherwise every active one."""
    providers = IdentityProvider.objects.filter(is_active=True, region__is_active=True)
    if region is not None:
        territory = Q(region_id=region.pk)
        if region.province_id:
            territory |= Q(region_id=region.province_id)
        providers = providers.filter(territory)
    return list(providers.select_related("region").order_by("name"))


def _client(provider: IdentityProvider):
    registry = OAuth()
    return registry.register(
        name=provider.slug,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=f"{provider.issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "default_timeout": PROVIDER_TIMEOUT_SECONDS,
        },
    )


def start(
    request: HttpRequest,
    provider: IdentityProvider,
    *,
    callback_url: str,
    region_slug: str | None,
    next_path: str | None,
) -> HttpResponse:
    """Redirect the browser to the provider, remembering where to go once it comes back."""
    request.session[_RETURN_KEY] = {"region": region_slug or "", "next": next_path or ""}
    return _client(provider).authorize_redirect(request, callback_url)


def return_target(request: HttpRequest) -> tuple[str, str]:
    """(region slug, next path) remembered by start(); both may be empty."""
    target = request.session.pop(_RETURN_KEY, {}) or {}
    return target.get("region", ""), target.get("next", "")


class SignInRefused(Exception):
    """The provider did not vouch for an account that may sign in here; the message says why
    in the person's language."""


@dataclass(frozen=True)
class Vouched:
    user: User
    newly_linked: bool


def finish(request: HttpRequest, provider: IdentityProvider) -> Vouched:
    """The account the provider vouched for, after the browser came back with a code."""
    if "error" in request.GET:
        raise SignInRefused(_("Penyedia identitas membatalkan proses masuk."))
    try:
        token = _client(provider).authorize_access_token(request)
    except (OAuthError, RequestException, ValueError, KeyError) as exc:
        raise SignInRefused(
            _("Proses masuk melalui %(provider)s gagal; silakan coba lagi.")
            % {"provider": provider.name}
        ) from exc
    claims = token.get("userinfo") or {}
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInRefused(_("Penyedia identitas tidak menyebutkan siapa Anda."))
    return _account_for(provider, subject, claims)


@transaction.atomic
def _account_for(provider: IdentityProvider, subject: str, claims: dict) -> Vouched:
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(provider=provider, subject=subject)
        .first()
    )
    newly_linked = False
    if identity is None:
        email = str(claims.get("email") or "").strip().lower()
        if not email or claims.get("email_verified") is not True:
            raise SignInRefused(
                _(
                    "%(provider)s belum memastikan alamat e-mail Anda, jadi akun Lumbung Inovasi "
                    "tidak dapat dikaitkan. Masuk dengan e-mail dan kata sandi sekali, atau minta "
                    "pengelola identitas memverifikasi e-mail Anda."
                )
                % {"provider": provider.name}
            )
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise SignInRefused(
                _(
                    "Belum ada akun Lumbung Inovasi untuk %(email)s. Minta admin daerah Anda "
                    "mengundang alamat ini."
                )
                % {"email": email}
            )
        _require_vouchable(provider, user)
        identity = ExternalIdentity.objects.create(provider=provider, subject=subject, user=user)
        record_event(
            EventType.SINGLE_SIGN_ON_LINKED,
            actor=user,
            region=provider.region,
            data={"provider": provider.slug},
        )
        newly_linked = True
    _require_vouchable(provider, identity.user)
    identity.last_used_at = timezone.now()
    identity.save(update_fields=["last_used_at"])
    return Vouched(user=identity.user, newly_linked=newly_linked)


def _require_vouchable(provider: IdentityProvider, user: User) -> None:
    if not identity_provider_may_vouch_for(provider.region, user):
        raise SignInRefused(
            _(
                "Akun Anda tidak dapat masuk melalui %(provider)s: penyedia ini hanya untuk "
                "anggota %(region)s. Masuk dengan e-mail dan kata sandi."
            )
            % {"provider": provider.name, "region": provider.region.display_name}
        )
