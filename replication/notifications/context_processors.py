"""The unread count on the layout's bell, on every page of a signed-in user (settings.TEMPLATES
lists this next to core's site context, so the platform's layout never reads notifications)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from replication.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Evaluated only where the layout shows it (one indexed count), not on every partial.
    return {"nav_unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
