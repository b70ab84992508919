"""Reads of the signed-in user's notifications (public schema)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from replication.notifications.models import Notification

if TYPE_CHECKING:
    from accounts.models import User


def notification_list(user: User, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first within each."""
    queryset = Notification.objects.filter(user=user).select_related("region")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return queryset.order_by(unread.desc(), "-created_at", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notification_get(user: User, pk: int) -> Notification | None:
    """One of the user's own notifications (None for anyone else's)."""
    return Notification.objects.filter(user=user, pk=pk).first()
