"""The second factor: a code from an authenticator app (TOTP), or one of ten recovery codes,
after the password (django-otp's devices and verification).

Who must use it: platform admins always, and a region's admins when the region requires it
(Region.require_admin_second_factor, set by its admins). Anyone may turn it on for themselves;
once on, every sign-in asks for it. A signed-in session that still owes its second factor
reaches only the pages that settle it (SecondFactorMiddleware).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Membership, Role
from accounts.policy import Action, can, is_platform_admin, membership_of
from core.audit import EventType, record_event

if TYPE_CHECKING:
    from collections.abc import Callable

    from accounts.models import User
    from regions.models import Region

RECOVERY_CODES = 10
AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"
# Per site (region id, 0 for the public site): "needed" or "free", decided once per session, so
# a change of the region's rule applies from the next sign-in.
_SESSION_KEY = "lumbung_second_factor"


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required(user: User, region: Region | None) -> bool:
    """Must this user confirm sign-ins with a second factor on this site?"""
    if is_platform_admin(user):
        return True
    membership = membership_of(user, region)
    return bool(
        region is not None
        and region.require_admin_second_factor
        and membership is not None
        and membership.role == Role.REGION_ADMIN
    )


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being set up (made once; a confirmed one stays untouched)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def provisioning_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code (made here: no image leaves the server)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1b1b1b")


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, for typing into an app by hand."""
    return base64.b32encode(device.bin_key).decode()


def confirm_device(request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn the authenticator on when `code` matches; the new recovery codes (shown once), or
    None when the code is wrong. The session counts as verified from here on."""
    user: User = request.user  # type: ignore[assignment]
    if device.user_id != user.pk or not device.verify_token(code.replace(" ", "")):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(user)
        record_event(EventType.SECOND_FACTOR_ON, actor=user)
    otp_login(request, device)
    forget_session_state(request)
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; returns them (stored hashed by
    nothing more than django-otp's static tokens: each works once)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def turn_off(request: HttpRequest) -> bool:
    """Remove the user's second factor, unless this site requires it of them."""
    user: User = request.user  # type: ignore[assignment]
    if is_required(user, getattr(request, "region", None)):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record_event(EventType.SECOND_FACTOR_OFF, actor=user)
    forget_session_state(request)
    return True


def verify(request: HttpRequest, code: str) -> bool:
    """Check a code from the authenticator, or a recovery code (used up by this), and mark the
    session verified."""
    device = matching_device(request.user, code)  # type: ignore[arg-type]
    if device is None:
        return False
    otp_login(request, device)
    return True


def matching_device(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The user's device `code` is good for: the authenticator's current code, or a recovery
    code (used up by this); None for a wrong code."""
    code = code.replace(" ", "").strip()
    if not code:
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code):
            return device
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(code.lower()):
            return device
    return None


def required_for_token(user: User) -> bool:
    """Must `user` give the second factor to get a personal API token? An unheld token works on
    every site the user belongs to, so: whoever has it on, and whoever must use it on any of
    their sites (a platform admin; an admin of a region that requires it)."""
    return (
        has_second_factor(user)
        or is_required(user, None)
        or Membership.objects.filter(
            user=user, role=Role.REGION_ADMIN, region__require_admin_second_factor=True
        ).exists()
    )


def continue_verified(request: HttpRequest, device_id: str | None) -> None:
    """A sign-in handed over from another of our hosts keeps the second factor it had there."""
    from django_otp.models import Device

    if not device_id:
        return
    device = Device.from_persistent_id(device_id)
    if device is not None and device.user_id == request.user.pk:
        otp_login(request, device)


def set_region_requirement(*, region: Region, actor: User, required: bool) -> None:
    """Require (or stop requiring) the region's admins to use a second factor."""
    from django.core.exceptions import PermissionDenied

    if not can(actor, Action.MANAGE_MEMBERS, region):
        raise PermissionDenied
    if region.require_admin_second_factor == required:
        return
    region.require_admin_second_factor = required
    region.save(update_fields=["require_admin_second_factor"])
    record_event(
        EventType.SECOND_FACTOR_REQUIRED if required else EventType.SECOND_FACTOR_OPTIONAL,
        actor=actor,
        region=region,
    )


# --- enforcement ------------------------------------------------------------------------------

# Pages a session that owes its second factor may still open.
_OPEN_PATHS = ("/akun/verifikasi/", "/akun/keamanan/", "/akun/keluar/", "/healthz", "/i18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        # django-otp's middleware gives the signed-in user is_verified().
        if user.is_verified():  # type: ignore[attr-defined]
            return None
        if request.path.startswith(_OPEN_PATHS) or request.path.startswith(settings.STATIC_URL):
            return None
        region = getattr(request, "region", None)
        site = str(region.pk if region is not None else 0)
        states: dict[str, str] = request.session.get(_SESSION_KEY, {})
        if site not in states:
            needed = has_second_factor(user) or is_required(user, region)
            states[site] = "needed" if needed else "free"
            request.session[_SESSION_KEY] = states
        if states[site] == "free":
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "error": {
                        "status": 403,
                        "code": "second_factor_required",
                        "message": "Konfirmasi masuk dengan kode verifikasi dua langkah dulu.",
                    }
                },
                status=403,
            )
        target = "accounts:verify" if has_second_factor(user) else "accounts:security"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def forget_session_state(request: HttpRequest) -> None:
    request.session.pop(_SESSION_KEY, None)
