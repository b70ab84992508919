"""Moving a signed-in user from one host to another (the "my regions" switcher).

Session cookies are host-only: a region's custom domain cannot share cookies with BASE_DOMAIN,
and cookies on `localhost` subdomains are unreliable in browsers. So the current host signs a
short-lived, single-use token naming the user and the target region, and the target host signs
the user in. The token is useless for any other region, after a minute, or a second time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache

from accounts.central_sign_in import is_ended
from accounts.models import User
from accounts.policy import Action, can
from regions.models import Region

SALT = "lumbung.accounts.handoff"
MAX_AGE_SECONDS = 60


@dataclass(frozen=True)
class Handoff:
    user: User
    # The second-factor device the sending session was verified with: verified here too.
    device_id: str | None
    # The sign-in the sending session belongs to (accounts.central_sign_in).
    sign_in_id: str | None


def handoff_token_create(
    *,
    user: User,
    region: Region,
    device_id: str | None = None,
    sign_in_id: str | None = None,
) -> str:
    nonce = secrets.token_urlsafe(12)
    payload = {"u": user.pk, "r": region.pk, "n": nonce, "v": device_id, "s": sign_in_id}
    return signing.dumps(payload, salt=SALT, compress=True)


def handoff_token_redeem(*, token: str, region: Region) -> Handoff | None:
    """What the token hands over, if it is genuine, fresh, unused, made for this region, its
    sign-in has not ended, and the user may still enter the region."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if payload.get("r") != region.pk:
        return None
    # cache.add is atomic in Redis: only the first redemption of a nonce succeeds.
    if not cache.add(f"handoff-used:{payload['n']}", 1, timeout=MAX_AGE_SECONDS * 2):
        return None
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None or not can(user, Action.VIEW_REGION, region):
        return None
    sign_in_id = payload.get("s")
    if sign_in_id and is_ended(sign_in_id):
        return None
    return Handoff(user=user, device_id=payload.get("v"), sign_in_id=sign_in_id)
