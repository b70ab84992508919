"""Reads of the change history. Call inside the region's schema."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from core.commit_horizon import settled_before
from tenants.history.models import Change


def change_list(
    *,
    subjects: list[str] | None = None,
    innovation_id: int | None = None,
    year: int | None = None,
    subject: str = "",
    actor_id: int | None = None,
) -> QuerySet[Change]:
    """`subjects`: only changes of these (tenants.history.access.readable_subjects); None: all."""
    queryset = Change.objects.all()
    if subjects is not None:
        queryset = queryset.filter(subject__in=subjects)
    if innovation_id is not None:
        queryset = queryset.filter(innovation_id=innovation_id)
    if year is not None:
        queryset = queryset.filter(year=year)
    if subject:
        queryset = queryset.filter(subject=subject)
    if actor_id is not None:
        queryset = queryset.filter(actor_id=actor_id)
    return queryset


def innovation_changes(innovation_id: int, *, limit: int = 10) -> list[Change]:
    """The last `limit` changes of one innovation (profile, status, answers, evidence), newest
    first: what the innovation page shows under "Riwayat"."""
    return list(change_list(innovation_id=innovation_id)[:limit])


def change_actors() -> list[tuple[int, str]]:
    """Everyone who changed something, by id (the newest name they were recorded under)."""
    actors: dict[int, str] = {}
    rows = (
        Change.objects.exclude(actor_id=None)
        .order_by("actor_id", "-at")
        .distinct("actor_id")
        .values_list("actor_id", "actor_name")
    )
    for actor_id, name in rows:
        assert actor_id is not None  # excluded above
        actors[actor_id] = name
    return sorted(actors.items(), key=lambda item: item[1].lower())


def change_years() -> list[int]:
    years = Change.objects.exclude(year=None).order_by("-year").values_list("year", flat=True)
    return [year for year in years.distinct() if year is not None]  # None is excluded above


def change_feed(
    *, after: tuple[datetime, int] | None, limit: int, subjects: list[str] | None = None
) -> list[Change]:
    """Up to `limit` changes after the position `after` ((at, id) of the last one read), oldest
    first, only those settled (`settled_before`): reading on from the last position never skips
    a change that committed late. `subjects`: only changes of these; None: all."""
    queryset = Change.objects.filter(at__lt=settled_before())
    if subjects is not None:
        queryset = queryset.filter(subject__in=subjects)
    if after is not None:
        at, pk = after
        queryset = queryset.filter(Q(at__gt=at) | Q(at=at, pk__gt=pk))
    return list(queryset.order_by("at", "pk")[:limit])
