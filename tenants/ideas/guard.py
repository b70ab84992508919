"""What keeps the public idea form usable without an account and unattractive to robots: a
hidden field a person leaves empty (honeypot), a minimum time between opening the form and
sending it (a signed timestamp, so it cannot be forged), and a limit of submissions per address
and hour in the cache (which lets everything through when Redis is away, like the other
throttles)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.core import signing
from django.core.cache import cache

from accounts.client_ip import client_ip

if TYPE_CHECKING:
    from django.http import HttpRequest

    from regions.models import Region

SALT = "ideas.public-form"
MIN_FILL_SECONDS = 4  # a person reads and types; a script posts at once
MAX_FORM_AGE_SECONDS = 6 * 60 * 60
SUBMISSIONS_PER_HOUR = 5


def form_token() -> str:
    """The signed moment the form was shown, for its hidden field."""
    return signing.dumps(time.time(), salt=SALT)


def filled_by_a_person(token: str, honeypot: str) -> bool:
    """Was the form sent by a person: the honeypot is empty and the form was open long enough
    (and not longer than a working day)?"""
    if honeypot:
        return False
    try:
        shown_at = float(signing.loads(token, salt=SALT, max_age=MAX_FORM_AGE_SECONDS))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    return time.time() - shown_at >= MIN_FILL_SECONDS


def _rate_key(region: Region, request: HttpRequest) -> str:
    return f"ideas:public:{region.pk}:{client_ip(request) or 'unknown'}"


def under_rate_limit(region: Region, request: HttpRequest) -> bool:
    """Count this submission; False once the address has sent its hourly share."""
    key = _rate_key(region, request)
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=60 * 60)
        count = 1
    return count <= SUBMISSIONS_PER_HOUR
