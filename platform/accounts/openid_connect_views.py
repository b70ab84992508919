"""Pages of single sign-on through a province's or region's identity provider (on the public
site, where people sign in: accounts.central_sign_in)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse

from accounts import central_sign_in, openid_connect
from accounts.models import IdentityProvider
from accounts.views import switch_url
from regions.models import Region

if TYPE_CHECKING:
    from core.http import SiteRequest


def _provider(request: SiteRequest, slug: str) -> IdentityProvider:
    if request.region is not None:  # sign-in happens on the public site only
        raise Http404
    return get_object_or_404(IdentityProvider, slug=slug, is_active=True, region__is_active=True)


def sso_start(request: SiteRequest, slug: str) -> HttpResponse:
    provider = _provider(request, slug)
    callback = central_sign_in.central_url(
        request, reverse("accounts:sso_callback", kwargs={"slug": provider.slug})
    )
    return openid_connect.start(
        request,
        provider,
        callback_url=callback,
        region_slug=request.GET.get(central_sign_in.REGION_PARAM),
        next_path=request.GET.get("next"),
    )


def sso_callback(request: SiteRequest, slug: str) -> HttpResponse:
    provider = _provider(request, slug)
    region_slug, next_path = openid_connect.return_target(request)
    try:
        vouched = openid_connect.finish(request, provider)
    except openid_connect.SignInRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:login")
    login(request, vouched.user, backend="django.contrib.auth.backends.ModelBackend")
    central_sign_in.begin(request, vouched.user, method=openid_connect.method_name(provider))
    region = (
        Region.objects.filter(slug=region_slug, is_active=True).first() if region_slug else None
    )
    if region is not None:
        return redirect(switch_url(region, next_path or None))
    return redirect(
        central_sign_in.local_path(request, next_path, resolve_url(settings.LOGIN_REDIRECT_URL))
    )
