"""One sign-in across the platform's hosts.

The public site (BASE_DOMAIN) is where people sign in: a region host's sign-in page sends them
there and back again. Cookies stay host-only (a region's custom domain cannot share cookies with
BASE_DOMAIN), so isolation between regions is unchanged: each host gets its own session, through
the one-time handoff token of accounts.handoff, and only for regions the person belongs to.

What ties the sessions of one browser together is a SignIn row: the public site's session and
every session handed on from it carry its id. Signing out anywhere ends the SignIn, and
EndedSignInMiddleware then signs the browser out of every other host at its next request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import SignIn
from regions.middleware import port_suffix

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

    from accounts.models import User
    from regions.models import Region

SESSION_KEY = "lumbung_sign_in"
BY_PASSWORD = "password"  # noqa: S105 - the name of a sign-in method, not a secret
REGION_PARAM = "daerah"


def central_url(request: HttpRequest, path: str, **params: str) -> str:
    """An absolute URL on the public site, with the scheme and port this request came in on."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{request.scheme}://{settings.BASE_DOMAIN}{port_suffix(request)}{path}{query}"


def region_host_url(request: HttpRequest, region: Region, path: str) -> str:
    return f"{request.scheme}://{region.slug}.{settings.BASE_DOMAIN}{port_suffix(request)}{path}"


def local_path(request: HttpRequest, candidate: str | None, default: str = "/") -> str:
    """`candidate` when it is a path on this host, else `default`: a `next` parameter never
    sends anyone to another site."""
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return default


def begin(request: HttpRequest, user: User, method: str = BY_PASSWORD) -> SignIn:
    """Record a sign-in that just happened on this host (after django's login())."""
    sign_in = SignIn.objects.create(user=user, method=method)
    request.session[SESSION_KEY] = str(sign_in.pk)
    return sign_in


def current_id(request: HttpRequest) -> str | None:
    return request.session.get(SESSION_KEY)


def carry_on(request: HttpRequest, sign_in_id: str | None) -> None:
    """A session handed over from another host belongs to the same sign-in."""
    if sign_in_id:
        request.session[SESSION_KEY] = sign_in_id


def end(request: HttpRequest) -> None:
    """Sign-out: end this browser's sign-in on every host (call before django's logout())."""
    sign_in_id = current_id(request)
    if sign_in_id:
        SignIn.objects.filter(pk=sign_in_id, ended_at__isnull=True).update(ended_at=timezone.now())


def is_ended(sign_in_id: str) -> bool:
    return SignIn.objects.filter(pk=sign_in_id, ended_at__isnull=False).exists()


class EndedSignInMiddleware:
    """Signs a session out when its sign-in was ended on another host. One primary-key lookup
    per signed-in request; sessions without a recorded sign-in (API tokens, older sessions) are
    left alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            sign_in_id = current_id(request)
            if sign_in_id and is_ended(sign_in_id):
                logout(request)
        return self.get_response(request)
