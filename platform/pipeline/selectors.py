"""Reading the pipeline's backlog, for /healthz, the admin and the command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from pipeline.models import PendingEffect


@dataclass
class Backlog:
    pending: int  # rows not applied yet
    overdue: int  # rows due for longer than PIPELINE_OVERDUE_SECONDS
    failing: int  # rows whose last attempt failed
    oldest_due: datetime | None
    most_attempts: int

    @property
    def healthy(self) -> bool:
        return self.overdue == 0


def backlog() -> Backlog:
    now = timezone.now()
    late = now - timedelta(seconds=settings.PIPELINE_OVERDUE_SECONDS)
    figures = PendingEffect.objects.aggregate(
        pending=Count("pk"),
        overdue=Count("pk", filter=Q(due_at__lte=late)),
        failing=Count("pk", filter=Q(attempts__gt=0)),
        oldest_due=Min("due_at"),
        most_attempts=Max("attempts"),
    )
    return Backlog(
        pending=figures["pending"],
        overdue=figures["overdue"],
        failing=figures["failing"],
        oldest_due=figures["oldest_due"],
        most_attempts=figures["most_attempts"] or 0,
    )


class EffectRows(TypedDict):
    effect: str
    rows: int
    failing: int
    first_due: datetime


def by_effect() -> list[EffectRows]:
    """Rows per effect: how many, how many failing, the earliest due."""
    return list(
        PendingEffect.objects.values("effect")
        .annotate(
            rows=Count("pk"),
            failing=Count("pk", filter=Q(attempts__gt=0)),
            first_due=Min("due_at"),
        )
        .order_by("effect")
    )
