"""What keeps the public idea form usable without an account and unattractive to robots: the
platform's public-form defences (core.public_forms) with this form's figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.client_ip import client_ip
from core.public_forms import count_over_limit, new_stamp, sent_by_a_person

if TYPE_CHECKING:
    from django.http import HttpRequest

    from regions.models import Region

SALT = "ideas.public-form"
MIN_FILL_SECONDS = 4  # a person reads and types; a script posts at once
SUBMISSIONS_PER_HOUR = 5


def form_token() -> str:
    """The signed moment the form was shown, for its hidden field."""
    return new_stamp(SALT)


def filled_by_a_person(token: str, honeypot: str) -> bool:
    return sent_by_a_person(stamp=token, honeypot=honeypot, salt=SALT, min_seconds=MIN_FILL_SECONDS)


def under_rate_limit(region: Region, request: HttpRequest) -> bool:
    """Count this submission; False once the address has sent its hourly share."""
    key = f"ideas:public:{region.pk}:{client_ip(request) or 'unknown'}"
    return not count_over_limit(key, limit=SUBMISSIONS_PER_HOUR, window_seconds=3600)
