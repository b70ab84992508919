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
    """Send each notification once. A notification is claimed (emailed_at set) before its mail
    goes out, so neither a retried task nor two workers running the same task send it twice; a
    failed send gives the claim back, and the retry sends it then."""
    from replication.notifications.models import Notification

    sent = 0
    for notification in Notification.objects.select_related("user").filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ):
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue  # another worker took it meanwhile
        try:
            with translation.override(notification.user.preferred_language or "id"):
                body = render_to_string(
                    "notifications/email/notification_body.txt", {"notification": notification}
                )
            send_mail(notification.title, body, None, [notification.user.email])
        except Exception:
            Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
            raise
        sent += 1
    return sent


@shared_task(
    name="notifications.send_daily_digests",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
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
        ids = [notification.pk for notification in pending]
        now = timezone.now()
        # Claimed before sending, as above: a digest run twice sends each notification once.
        if not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
            emailed_at=now
        ):
            continue
        try:
            send_mail(subject, body, None, [settings.user.email])
        except Exception:
            Notification.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)
            raise
        settings.last_digest_at = now
        settings.save(update_fields=["last_digest_at"])
        sent += 1
    return sent
