"""Reads of the facilitators' programme. Call inside the region's schema."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tenants.programme.models import Attendance, EventMaterial, LearningEvent


def event_list(*, kind: str = "", opd_id: int | None = None) -> QuerySet[LearningEvent]:
    """Events, newest first, with their attendance counts; `opd_id`: those the OPD was invited
    to or attended."""
    events = LearningEvent.objects.annotate(
        present_count=Count("attendances", filter=Q(attendances__present=True), distinct=True),
        invited_count=Count("invited_opds", distinct=True),
    )
    if kind:
        events = events.filter(kind=kind)
    if opd_id is not None:
        events = events.filter(Q(invited_opds=opd_id) | Q(attendances__opd_id=opd_id)).distinct()
    return events.order_by("-starts_at")


@dataclass
class Schedule:
    upcoming: list[LearningEvent]
    past: list[LearningEvent]


def schedule(*, kind: str = "", now: datetime | None = None, past_limit: int = 50) -> Schedule:
    """Coming events (soonest first) and the latest past ones."""
    now = now or timezone.now()
    events = event_list(kind=kind)
    upcoming = list(events.filter(starts_at__gte=now).order_by("starts_at"))
    past = list(events.filter(starts_at__lt=now)[:past_limit])
    return Schedule(upcoming, past)


def event_get(pk: int) -> LearningEvent | None:
    return LearningEvent.objects.filter(pk=pk).first()


def attendance_get(event: LearningEvent, pk: int) -> Attendance | None:
    return event.attendances.filter(pk=pk).first()


def material_get(event: LearningEvent, pk: int) -> EventMaterial | None:
    return event.materials.filter(pk=pk).first()


def attendance_list(event: LearningEvent) -> QuerySet[Attendance]:
    return event.attendances.select_related("opd", "facilitator").order_by(
        "opd__name", "person_name"
    )
