from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(name="core.prune_idempotency_keys")
def prune_idempotency_keys() -> int:
    """Forget the answers kept for Idempotency-Key older than IDEMPOTENCY_KEEP_HOURS (daily,
    from beat)."""
    from core.models import IdempotentRequest

    since = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEEP_HOURS)
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=since).delete()
    return deleted


@shared_task(name="core.prune_public_changes")
def prune_public_changes() -> int:
    """Forget the public change feed's changes older than PUBLIC_CHANGE_KEEP_DAYS (daily, from
    beat)."""
    from core.public_changes import prune_public_changes as prune

    return prune()
