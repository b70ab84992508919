"""E-mails of notifications, sent by the pipeline (effects `notifications.email` and
`notifications.digest`): one per notification for users who want them at once, and a daily
digest of the unread ones for users who chose it.

Each runs while the pipeline holds its key and marks the notifications e-mailed in the same
transaction, after the mail server accepted the message: a crash before that sends it again
(same Message-ID), a crash after it sends nothing more. Nothing is sent about a region that is
closed (deactivated), nor to a person who left or no longer wants e-mail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.mail import send_email
from replication.notifications.models import EmailPreference, Notification, NotificationSettings
from replication.notifications.services import email_preference

if TYPE_CHECKING:
    from pipeline.runner import Job


def _deliverable():
    """Notifications that may still be e-mailed: unread, not e-mailed, of an open region."""
    return (
        Notification.objects.filter(
            read_at__isnull=True, emailed_at__isnull=True, user__is_active=True
        )
        .exclude(region__is_active=False)
        .select_related("user")
    )


def send_notification_email(job: Job) -> None:
    notification = _deliverable().filter(pk=int(job.target)).first()
    if notification is None:
        return  # already e-mailed, read, gone, or its region closed
    user = notification.user
    if email_preference(user) != EmailPreference.IMMEDIATE:
        return  # changed their mind meanwhile; a digest user gets it in the digest
    with translation.override(user.preferred_language or "id"):
        body = render_to_string(
            "notifications/email/notification_body.txt", {"notification": notification}
        )
    if send_email(
        subject=notification.title,
        body=body,
        to=user.email,
        stable_key=f"notification.{notification.pk}",
    ):
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def send_digest(job: Job) -> None:
    user_id, _sep, day = job.target.partition(":")
    settings = (
        NotificationSettings.objects.select_related("user")
        .filter(user_id=int(user_id), email=EmailPreference.DAILY_DIGEST, user__is_active=True)
        .first()
    )
    if settings is None:
        return
    user = settings.user
    pending = list(_deliverable().filter(user=user).order_by("created_at"))
    if not pending:
        return
    with translation.override(user.preferred_language or "id"):
        subject = _("Ringkasan harian Lumbung Inovasi: %(n)d pemberitahuan") % {"n": len(pending)}
        body = render_to_string(
            "notifications/email/digest_body.txt", {"notifications": pending, "user": user}
        )
    if send_email(subject=subject, body=body, to=user.email, stable_key=f"digest.{user.pk}.{day}"):
        now = timezone.now()
        Notification.objects.filter(pk__in=[item.pk for item in pending]).update(emailed_at=now)
        NotificationSettings.objects.filter(pk=settings.pk).update(last_digest_at=now)


def queue_daily_digests() -> int:
    """Record one digest for every digest user with something to tell; returns how many. Run
    twice the same day, it adds nothing: the second run finds the same key (or nothing left)."""
    from django.db import transaction

    from pipeline.services import record_many

    day = timezone.localdate().isoformat()
    user_ids = list(
        _deliverable()
        .filter(user__notification_settings__email=EmailPreference.DAILY_DIGEST)
        .values_list("user_id", flat=True)
        .distinct()
    )
    with transaction.atomic():
        record_many(
            {"name": "notifications.digest", "target": f"{user_id}:{day}"} for user_id in user_ids
        )
    return len(user_ids)
