"""Settling what the demo seed recorded: the catalog, snapshots and notifications it causes are
applied at once (so `scripts/run` opens on a complete demo), and none of its e-mails is sent —
the demo's history is not news. The in-app notifications stay, unread, so the bell shows them."""

from __future__ import annotations

from django.utils import timezone

from pipeline.models import PendingEffect
from pipeline.runner import RunReport, drain
from replication.notifications.models import Notification

SILENT = {"notifications.email", "notifications.digest", "accounts.membership_email"}


def watermark() -> tuple[int, int]:
    """Where the pending effects and the notifications stand before seeding."""
    effect = PendingEffect.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return effect, notification


def settle_demo_effects(since: tuple[int, int]) -> RunReport:
    report = drain(exclude=SILENT)
    effect_mark, notification_mark = since
    PendingEffect.objects.filter(effect__in=SILENT, pk__gt=effect_mark).delete()
    Notification.objects.filter(pk__gt=notification_mark, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    return report
