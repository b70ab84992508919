"""Defences of the forms visitors send without an account (a submission, an objection): the
platform's public-form defences (core.public_forms) with this app's figures, tunable in settings:
CALLS_MIN_FILL_SECONDS, CALLS_PUBLIC_LIMIT (count, window seconds)."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest

from accounts.client_ip import client_ip
from core.public_forms import count_over_limit, sent_by_a_person
from core.public_forms import new_stamp as _new_stamp

HONEYPOT_FIELD = "website"
STAMP_FIELD = "started"
_SALT = "tenants.calls.form-started"


def new_stamp() -> str:
    """The signed "form shown now" value of a fresh form."""
    return _new_stamp(_SALT)


def looks_automated(data: Mapping[str, object]) -> bool:
    """The honeypot is filled, or the stamp is missing, forged, too young or too old."""
    return not sent_by_a_person(
        stamp=str(data.get(STAMP_FIELD, "") or ""),
        honeypot=str(data.get(HONEYPOT_FIELD, "") or ""),
        salt=_SALT,
        min_seconds=settings.CALLS_MIN_FILL_SECONDS,
    )


def over_limit(request: HttpRequest, scope: str, *, factor: int = 1) -> bool:
    """Count one public form sent (or lookup made) from this client; True when it is over the
    limit (`factor` times the configured count: lookups are cheaper than submissions)."""
    count, window = settings.CALLS_PUBLIC_LIMIT
    key = f"calls:{scope}:{client_ip(request) or 'unknown'}"
    return count_over_limit(key, limit=int(count) * factor, window_seconds=int(window))
