"""Recording changes. Call inside the transaction of the change, in the region's schema.

A recorded change is also the region's announcement that its data moved: record_change records,
in the same transaction, the effects every such change has outside the region
(pipeline.effects.REGION_CHANGE: its catalog entries, its index snapshot of the year). The region
is passed in by the caller, never guessed from the connection."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files import File

from pipeline.services import region_changed
from rubric.years import current_year
from tenants.history.models import Change

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation


def jsonable(value: Any) -> Any:
    """A value as it should appear in the history (dates as ISO text, files by name)."""
    if isinstance(value, File):  # a stored file (FieldFile), or one just uploaded
        return value.name.rsplit("/", 1)[-1] if value.name else ""  # bool(value) is bool(name)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return value


def _recorded_actor(actor: User | None) -> tuple[int | None, str]:
    """The actor's id and name as a change records them (none for the system)."""
    if actor is None or not actor.is_authenticated:
        return None, ""
    return actor.pk, actor.get_full_name() or actor.email


def record_change(
    *,
    region: Region,
    actor: User | None,
    subject: str,
    action: str,
    innovation: Innovation | None = None,
    year: int | None = None,
    subject_id: int | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> Change:
    actor_id, actor_name = _recorded_actor(actor)
    change = Change.objects.create(
        actor_id=actor_id,
        actor_name=actor_name,
        innovation_id=innovation.pk if innovation else None,
        innovation_name=innovation.name if innovation else "",
        year=year,
        subject=subject,
        subject_id=subject_id,
        action=action,
        summary=summary[:300],
        changes={
            key: [jsonable(old), jsonable(new)] for key, (old, new) in (changes or {}).items()
        },
    )
    # A profile change has no year of its own: it counts in the current assessment year.
    region_changed(region, year=year or current_year())
    return change


def record_changes(
    *,
    region: Region,
    actor: User | None,
    subject: str,
    action: str,
    items: list[tuple[Innovation, int | None, str]],
) -> None:
    """The history rows of many innovations changed at once (innovation, year, summary), with one
    INSERT, and the region's change announced once per year."""
    actor_id, actor_name = _recorded_actor(actor)
    Change.objects.bulk_create(
        Change(
            actor_id=actor_id,
            actor_name=actor_name,
            innovation_id=innovation.pk,
            innovation_name=innovation.name,
            year=year,
            subject=subject,
            subject_id=innovation.pk,
            action=action,
            summary=summary[:300],
        )
        for innovation, year, summary in items
    )
    for year in {year or current_year() for _innovation, year, _summary in items}:
        region_changed(region, year=year)
