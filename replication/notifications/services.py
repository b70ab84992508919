"""Telling the other side of a replication request that it has something to do: an in-app
notification for each of that region's admins, and an e-mail (sent by the worker) unless they
chose the daily digest or no e-mail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from accounts.models import Role
from regions.selectors import region_site_url
from replication.notifications.models import EmailPreference, Notification, NotificationSettings

if TYPE_CHECKING:
    from accounts.models import User

# Which side hears about each step: the side that must act next (or learns the outcome).
AUDIENCE = {
    "submit": "origin",
    "accept": "requester",
    "decline": "requester",
    "schedule_visit": "other",
    "complete_visit": "other",
    "record_agreement": "other",
    "start_implementation": "origin",
    "confirm": "other",
    "cancel": "origin",
    "expire": "both",
}
# Marked for extraction here, translated per recipient (their language) when sent.
TITLES = {
    "submit": gettext_noop("Permohonan replikasi baru: %(name)s dari %(requester)s"),
    "accept": gettext_noop("%(origin)s menerima permohonan replikasi %(name)s"),
    "decline": gettext_noop("%(origin)s menolak permohonan replikasi %(name)s"),
    "schedule_visit": gettext_noop("Kunjungan kerja dijadwalkan: %(name)s"),
    "complete_visit": gettext_noop("Kunjungan kerja selesai dicatat: %(name)s"),
    "record_agreement": gettext_noop("Kesepakatan replikasi dicatat: %(name)s"),
    "start_implementation": gettext_noop(
        "%(requester)s mulai mengimplementasikan replika %(name)s"
    ),
    "confirm": gettext_noop("Konfirmasi penyelesaian replikasi %(name)s"),
    "cancel": gettext_noop("%(requester)s membatalkan permohonan replikasi %(name)s"),
    "expire": gettext_noop("Permohonan replikasi %(name)s kedaluwarsa"),
}


def region_admins(region_id: int):
    from accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__region_id=region_id,
        memberships__role=Role.REGION_ADMIN,
    ).distinct()


def notify_request_step(request_id: int, action: str, acting_region_id: int | None) -> int:
    """Create the notifications of one step (after its transaction committed); returns how many."""
    from replication.notifications.tasks import send_notification_emails_task
    from replication.requests.models import ReplicationRequest

    request = (
        ReplicationRequest.objects.select_related("requester", "origin")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        return 0
    audience = AUDIENCE.get(action, "other")
    if audience == "other":
        targets = [
            request.origin if acting_region_id == request.requester_id else request.requester
        ]
    elif audience == "both":
        targets = [request.requester, request.origin]
    else:
        targets = [getattr(request, audience)]
    body = request.events.order_by("-pk").values_list("note", flat=True).first() or ""
    path = reverse("replication:detail", urlconf="lumbung.urls_region", args=[request.pk])
    immediate: list[int] = []
    created = 0
    with transaction.atomic():
        for region in targets:
            admins = list(region_admins(region.pk))
            preferences = email_preferences([user.pk for user in admins])
            for user in admins:
                with override(user.preferred_language or "id"):
                    title = _(TITLES[action]) % {
                        "name": request.innovation_name,
                        "requester": request.requester.display_name,
                        "origin": request.origin.display_name,
                    }
                notification = Notification.objects.create(
                    user=user,
                    region=region,
                    kind=f"replication.{action}",
                    title=title[:200],
                    body=body,
                    url=region_site_url(region, path),
                )
                created += 1
                if preferences.get(user.pk, EmailPreference.IMMEDIATE) == EmailPreference.IMMEDIATE:
                    immediate.append(notification.pk)
        if immediate:
            transaction.on_commit(lambda: send_notification_emails_task.delay(immediate))
    return created


def email_preferences(user_ids: list[int]) -> dict[int, str]:
    """The chosen e-mail preference of each user who chose one (the others: immediate)."""
    return dict(
        NotificationSettings.objects.filter(user_id__in=user_ids).values_list("user_id", "email")
    )


def email_preference(user: User) -> str:
    return email_preferences([user.pk]).get(user.pk, EmailPreference.IMMEDIATE)


def set_email_preference(user: User, email: str) -> NotificationSettings:
    """Store how `user` wants to hear about notifications by e-mail."""
    if email not in EmailPreference.values:
        raise ValidationError({"email": _("Pilihan e-mail notifikasi tidak dikenal.")})
    settings, _created = NotificationSettings.objects.update_or_create(
        user=user, defaults={"email": email}
    )
    return settings


def mark_read(user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all of them, or those ids); returns how many changed.
    Ids of other users' notifications change nothing."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())
