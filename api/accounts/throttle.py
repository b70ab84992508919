"""The limit on failed token exchanges: at most N failures (REST_FRAMEWORK
DEFAULT_THROTTLE_RATES["failed_sign_in"], 10 a minute) per client address and per e-mail.
Successful exchanges are not counted, so an integration that signs in often is never held back,
while guessing passwords is; a success clears its e-mail's count (the address's stays, or one
account of one's own would reset it between guesses).

Counted in the shared cache; while Redis is unreachable the cache answers empty (core.cache), so
the exchange keeps working, unthrottled: the per-account lock-out (django-axes) is counted in the
database and still holds. Each window starts at its first failure and lasts the rate's period.

Answers carry the rate-limit fields of draft-ietf-httpapi-ratelimit-headers-11:
`RateLimit-Policy: "failed-sign-in";q=10;w=60` and `RateLimit: "failed-sign-in";r=<failures
left>;t=<seconds until the window ends>`."""

from __future__ import annotations

import contextlib
import hashlib
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from rest_framework.settings import api_settings

from accounts.client_ip import client_ip

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.response import Response

POLICY_NAME = "failed-sign-in"
SCOPE = "failed_sign_in"


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate() -> tuple[int, int]:
    """(failures, seconds) of the setting, written as DRF's rates are ("10/min")."""
    rate = str(api_settings.DEFAULT_THROTTLE_RATES[SCOPE])
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


@dataclass(frozen=True)
class Budget:
    limit: int
    window: int
    remaining: int
    reset: int  # seconds until the fullest window ends

    @property
    def exhausted(self) -> bool:
        return self.remaining <= 0

    def apply_headers(self, response: Response) -> None:
        response["RateLimit-Policy"] = f'"{POLICY_NAME}";q={self.limit};w={self.window}'
        response["RateLimit"] = f'"{POLICY_NAME}";r={self.remaining};t={self.reset}'


def _keys(request: HttpRequest, email: str) -> list[str]:
    keys = [f"failed-sign-in:ip:{client_ip(request) or 'unknown'}"]
    if email:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        keys.append(f"failed-sign-in:email:{digest}")
    return keys


def budget(request: HttpRequest, email: str) -> Budget:
    """How many failures the client and the e-mail have left in their current windows."""
    limit, window = _rate()
    keys = _keys(request, email)
    stored = cache.get_many([*keys, *(f"{key}:start" for key in keys)])
    now = time.time()
    used, reset = 0, window
    for key in keys:
        count = stored.get(key) or 0
        if count > used:
            used = count
            started = stored.get(f"{key}:start") or now
            reset = max(0, math.ceil(started + window - now))
    return Budget(limit=limit, window=window, remaining=max(0, limit - used), reset=reset)


def count_failure(request: HttpRequest, email: str) -> None:
    _limit, window = _rate()
    now = time.time()
    for key in _keys(request, email):
        if cache.add(key, 0, timeout=window):
            cache.set(f"{key}:start", now, timeout=window)
        with contextlib.suppress(ValueError):  # the window ended meanwhile
            cache.incr(key)


def clear_email(request: HttpRequest, email: str) -> None:
    """After a success: the e-mail's owner proved who they are."""
    keys = _keys(request, email)[1:]
    cache.delete_many([*keys, *(f"{key}:start" for key in keys)])
