"""Defences of the forms people send without an account (a call submission, an idea, an
objection, a password-reset request), kept in one place:

- a honeypot field people never see and scripts fill in;
- a minimum fill time: the form carries a signed stamp of when it was shown, and an answer faster
  than a person could type it (or with a forged or very old stamp) is refused;
- a count per key (usually the client address, accounts.client_ip) in the cache, over a window.
  While the cache is down the count lets requests through, like the site's other throttles."""

from __future__ import annotations

from django.core import signing
from django.core.cache import cache

MAX_FORM_AGE_SECONDS = 24 * 3600


def new_stamp(salt: str) -> str:
    """The signed "form shown now" value for a fresh form's hidden field."""
    return signing.TimestampSigner(salt=salt).sign("form")


def sent_by_a_person(*, stamp: str, honeypot: str, salt: str, min_seconds: int) -> bool:
    """The honeypot is empty and the stamp is genuine, at least `min_seconds` and at most a day
    old."""
    if (honeypot or "").strip():
        return False
    signer = signing.TimestampSigner(salt=salt)
    try:
        signer.unsign(stamp or "", max_age=MAX_FORM_AGE_SECONDS)
    except signing.BadSignature:
        return False
    if min_seconds <= 0:
        return True
    try:
        signer.unsign(stamp, max_age=min_seconds)
    except signing.SignatureExpired:
        return True  # older than the minimum: a person's pace
    return False


def count_over_limit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one more for `key`; True once the count passes `limit` within the window."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr, or the cache is down
        count = 1
    return count > limit
