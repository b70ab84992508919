"""Resetting a forgotten password by e-mail, on the public site and on every region site.

- The answer never tells whether an address has an account (the same page either way).
- The link is single use and expires (Django's token: it changes once the password or the last
  sign-in changes; PASSWORD_RESET_TIMEOUT, one hour).
- Asking is rate limited per client address and per e-mail address (PASSWORD_RESET_LIMITS).
- The mail is an effect (`accounts.password_reset_email`) recorded in the request's transaction
  and sent by a worker, like every mail; the token is made when the mail is written, so no token
  is ever stored.
- The link points at the site where it was asked for, when that is one of ours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.client_ip import client_ip
from accounts.models import User
from core.mail import send_email
from core.public_forms import count_over_limit
from pipeline.services import record
from regions.selectors import HostResolution, resolve_host

if TYPE_CHECKING:
    from django.http import HttpRequest

    from pipeline.runner import Job


def over_limit(request: HttpRequest, email: str) -> tuple[bool, bool]:
    """(this client asked too often, this address was asked for too often): counts one ask."""
    per_client, per_address, window = settings.PASSWORD_RESET_LIMITS
    client_key = f"password-reset:ip:{client_ip(request) or '-'}"
    address_key = f"password-reset:email:{email.strip().lower()}"
    return (
        count_over_limit(client_key, limit=per_client, window_seconds=window),
        count_over_limit(address_key, limit=per_address, window_seconds=window),
    )


def request_reset(request: HttpRequest, email: str) -> None:
    """Promise the reset mail when the address belongs to an active account (silently nothing
    otherwise: the page says the same)."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return
    record(
        "accounts.password_reset_email",
        target=user.pk,
        payload={"site": _site_of(request), "asked_at": timezone.now().isoformat()},
    )


def send_password_reset_email(job: Job) -> None:
    """The `accounts.password_reset_email` effect: one mail with a fresh link per run (a second
    run after a crash sends a link that works just as well)."""
    user = User.objects.filter(pk=int(job.target), is_active=True).first()
    if user is None:
        return
    payload = job.payloads[-1] if job.payloads else {}
    site = payload.get("site") or _public_site()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "reset_url": f"{site}/akun/sandi-baru/{uid}/{token}/",
        "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
    }
    with translation.override(user.preferred_language or "id"):
        subject = render_to_string("accounts/email/password_reset_subject.txt", context).strip()
        body = render_to_string("accounts/email/password_reset_body.txt", context)
    send_email(
        subject=subject,
        body=body,
        to=user.email,
        stable_key=f"password-reset.{user.pk}.{payload.get('asked_at', '')}",
    )


def _site_of(request: HttpRequest) -> str:
    """The scheme and host the person asked on, if it is one of ours (never a forged Host)."""
    name = request.get_host().split(":")[0].lower().rstrip(".")
    if resolve_host(name).kind == HostResolution.UNKNOWN:
        return _public_site()
    return f"{settings.SITE_SCHEME}://{name}{settings.SITE_PORT_SUFFIX}"


def _public_site() -> str:
    return f"{settings.SITE_SCHEME}://{settings.BASE_DOMAIN}{settings.SITE_PORT_SUFFIX}"
