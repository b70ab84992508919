"""E-mails of notifications, sent by the worker: one per notification for users who want them
at once, and a daily digest of the unread ones for users who chose it."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation


@shared_task(
    name="notifications.send_emails",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_emails_task(notification_ids: list[int]) -> int:
    """Send each notification once (emailed_at marks it, so a retried task sends nothing twice)."""
    from replication.notifications.models import Notification

    sent = 0
    for notification in Notification.objects.select_related("user").filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ):
        with translation.override(notification.user.preferred_language or "id"):
            body = render_to_string(
                "notifications/email/notification_body.txt", {"notification": notification}
            )
        send_mail(notification.title, body, None, [notification.user.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests_task() -> int:
    """One e-mail per digest user with the notifications they have not read nor received."""
    from django.utils.translation import gettext as _

    from replication.notifications.models import (
        EmailPreference,
        Notification,
        NotificationSettings,
    )

    sent = 0
    for settings in NotificationSettings.objects.select_related("user").filter(
        email=EmailPreference.DAILY_DIGEST, user__is_active=True
    ):
        pending = list(
            Notification.objects.filter(
                user=settings.user, read_at__isnull=True, emailed_at__isnull=True
            ).order_by("created_at")
        )
        if not pending:
            continue
        with translation.override(settings.user.preferred_language or "id"):
            subject = _("Ringkasan harian Lumbung Inovasi: %(n)d pemberitahuan") % {
                "n": len(pending)
            }
            body = render_to_string(
                "notifications/email/digest_body.txt",
                {"notifications": pending, "user": settings.user},
            )
        send_mail(subject, body, None, [settings.user.email])
        now = timezone.now()
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        settings.last_digest_at = now
        settings.save(update_fields=["last_digest_at"])
        sent += 1
    return sent
