"""Telling the other side of a replication request that it has something to do: an in-app
notification for each of that region's admins, and an e-mail (sent by the worker) unless they
chose the daily digest or no e-mail."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.models import Role
from regions.selectors import region_site_url
from replication.notifications.models import EmailPreference, Notification, NotificationSettings

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
TITLES = {
    "submit": "Permohonan replikasi baru: %(name)s dari %(requester)s",
    "accept": "%(origin)s menerima permohonan replikasi %(name)s",
    "decline": "%(origin)s menolak permohonan replikasi %(name)s",
    "schedule_visit": "Kunjungan kerja dijadwalkan: %(name)s",
    "complete_visit": "Kunjungan kerja selesai dicatat: %(name)s",
    "record_agreement": "Kesepakatan replikasi dicatat: %(name)s",
    "start_implementation": "%(requester)s mulai mengimplementasikan replika %(name)s",
    "confirm": "Konfirmasi penyelesaian replikasi %(name)s",
    "cancel": "%(requester)s membatalkan permohonan replikasi %(name)s",
    "expire": "Permohonan replikasi %(name)s kedaluwarsa",
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
    created: list[int] = []
    with transaction.atomic():
        for region in targets:
            for user in region_admins(region.pk):
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
                    body=request.events.order_by("-pk").values_list("note", flat=True).first()
                    or "",
                    url=region_site_url(region, f"/replikasi/{request.pk}/"),
                )
                created.append(notification.pk)
        immediate = [
            pk
            for pk in created
            if _preference(Notification.objects.get(pk=pk).user_id) == EmailPreference.IMMEDIATE
        ]
        if immediate:
            transaction.on_commit(lambda: send_notification_emails_task.delay(immediate))
    return len(created)


def _preference(user_id: int) -> str:
    settings = NotificationSettings.objects.filter(user_id=user_id).first()
    return settings.email if settings else EmailPreference.IMMEDIATE


def mark_read(user, notification_ids: list[int] | None = None) -> int:
    from django.utils import timezone

    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=notification_ids)
    return queryset.update(read_at=timezone.now())
