"""Telling the other side of a replication request that it has something to do: an in-app
notification for each of that region's admins, and an e-mail (replication.notifications.emails)
unless they chose the daily digest or no e-mail. A request step records the
`notifications.request_step` effect in its own transaction; the pipeline applies it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from accounts.policy import Action, members_who_may
from regions.selectors import region_site_url
from replication.notifications.models import EmailPreference, Notification, NotificationSettings

if TYPE_CHECKING:
    from accounts.models import User
    from pipeline.runner import Job
    from regions.models import Region

# Which side hears about each step: the side that must act next (or learns the outcome).
AUDIENCE = {
    "submit": "origin",
    "accept": "requester",
    "decline": "requester",
    "schedule_visit": "other",
    "complete_visit": "other",
    "confirm_visit": "other",
    "return_visit": "other",
    "record_agreement": "other",
    "confirm_agreement": "other",
    "return_agreement": "other",
    "shared_agreement": "both",
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
    "complete_visit": gettext_noop("Kunjungan kerja dicatat, mohon dikonfirmasi: %(name)s"),
    "confirm_visit": gettext_noop("Kunjungan kerja dikonfirmasi: %(name)s"),
    "return_visit": gettext_noop("Catatan kunjungan dikembalikan untuk diperbaiki: %(name)s"),
    "record_agreement": gettext_noop("Kesepakatan replikasi dicatat, mohon dikonfirmasi: %(name)s"),
    "confirm_agreement": gettext_noop("Kesepakatan replikasi dikonfirmasi kedua pihak: %(name)s"),
    "return_agreement": gettext_noop("Catatan kesepakatan dikembalikan untuk diperbaiki: %(name)s"),
    "shared_agreement": gettext_noop("Kesepakatan dua arah tercatat: %(name)s"),
    "start_implementation": gettext_noop(
        "%(requester)s mulai mengimplementasikan replika %(name)s"
    ),
    "confirm": gettext_noop("Konfirmasi penyelesaian replikasi %(name)s"),
    "cancel": gettext_noop("%(requester)s membatalkan permohonan replikasi %(name)s"),
    "expire": gettext_noop("Permohonan replikasi %(name)s kedaluwarsa"),
}


def notify_request_event(job: Job) -> None:
    """The `notifications.request_step` effect: notify the side that must act next (or learns
    the outcome) of one request step — an in-app notification for each of that region's admins,
    and an e-mail effect for those who want e-mail at once. Applied twice, it adds nothing: a
    notification is created once per person and step. A region that is closed hears nothing."""
    from replication.requests.models import RequestEvent

    event = (
        RequestEvent.objects.select_related("request__requester", "request__origin")
        .filter(pk=int(job.target))
        .first()
    )
    if event is None:
        return
    request, action = event.request, event.action
    audience = AUDIENCE.get(action, "other")
    if audience == "other":
        targets = [
            request.origin if event.actor_region_id == request.requester_id else request.requester
        ]
    elif audience == "both":
        targets = [request.requester, request.origin]
    else:
        targets = [getattr(request, audience)]
    path = reverse("requests:detail", urlconf="lumbung.urls_region", args=[request.pk])
    source = f"request-event:{event.pk}"
    for region in targets:
        if not region.is_active:
            continue
        # Those who may take the region's replication steps (the policy says who).
        _deliver(
            list(members_who_may(Action.MANAGE_REPLICATION, region)),
            region=region,
            source=source,
            kind=f"replication.{action}",
            title=TITLES[action],
            params={
                "name": request.innovation_name,
                "requester": request.requester.display_name,
                "origin": request.origin.display_name,
            },
            body=event.note,
            url=region_site_url(region, path),
        )


def deliver_notice(job: Job) -> None:
    """The `notifications.notice` effect (core.notices.notify): an in-app notification for each
    named member who still belongs to the region, and an e-mail effect for those who want e-mail
    at once. Applied twice, it adds nothing (one notification per person and source)."""
    from accounts.models import User

    region = job.region
    if region is None or not region.is_active:
        return
    for payload in job.payloads:
        users = list(
            User.objects.filter(
                pk__in=payload.get("user_ids", []),
                is_active=True,
                memberships__region_id=region.pk,
            ).distinct()
        )
        _deliver(
            users,
            region=region,
            source=job.target[:60],
            kind=payload.get("kind", "")[:40],
            title=payload["title"],
            params=payload.get("params", {}),
            body=payload.get("body", ""),
            url=region_site_url(region, payload["path"]) if payload.get("path") else "",
        )


def _deliver(
    users: list[User],
    *,
    region: Region,
    source: str,
    kind: str,
    title: str,
    params: dict[str, object],
    body: str,
    url: str,
) -> None:
    """One notification per person and source, its title (an Indonesian msgid) in the person's
    language, and an e-mail effect for those who want e-mail at once."""
    from pipeline.services import record

    preferences = email_preferences([user.pk for user in users])
    for user in users:
        with override(user.preferred_language or "id"):
            text = _(title) % params
        notification, created = Notification.objects.get_or_create(
            user=user,
            source=source,
            defaults={
                "region": region,
                "kind": kind,
                "title": text[:200],
                "body": body,
                "url": url,
            },
        )
        wants_now = preferences.get(user.pk, EmailPreference.IMMEDIATE) == EmailPreference.IMMEDIATE
        if created and wants_now:
            record("notifications.email", target=notification.pk, region=region)


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
