"""Recording effects. Call inside the transaction of the change that causes them: the rows
commit with the change or not at all. After the commit the relay asks a worker to apply what is
due now; whatever the relay could not deliver is found by the periodic sweep."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from pipeline import relay
from pipeline.effects import EFFECTS, REGION, REGION_CHANGE, REGION_YEAR, TARGET
from pipeline.models import PendingEffect

if TYPE_CHECKING:
    from regions.models import Region


def _row(
    name: str,
    *,
    region: Region | int | None,
    year: int | None,
    target: object,
    payload: dict[str, Any] | None,
    due_at: datetime | None,
    now: datetime,
) -> PendingEffect:
    effect = EFFECTS[name]  # an unknown name is a programming error: fail the change loudly
    region_id = region if isinstance(region, int) or region is None else region.pk
    if effect.keyed_by in (REGION, REGION_YEAR) and region_id is None:
        raise ValueError(f"effect {name} needs a region")
    if effect.keyed_by == REGION_YEAR and year is None:
        raise ValueError(f"effect {name} needs a year")
    if effect.keyed_by == TARGET and target in (None, ""):
        raise ValueError(f"effect {name} needs a target")
    return PendingEffect(
        effect=name,
        region_id=region_id,
        year=year if effect.keyed_by == REGION_YEAR else None,
        target=str(target) if effect.keyed_by == TARGET else "",
        payload=payload or {},
        recorded_at=now,
        due_at=due_at or now + timedelta(seconds=effect.delay_seconds),
    )


def record(
    name: str,
    *,
    region: Region | int | None = None,
    year: int | None = None,
    target: object = "",
    payload: dict[str, Any] | None = None,
    due_at: datetime | None = None,
) -> PendingEffect:
    """Promise effect `name` for this key; it is applied after the transaction commits (at
    `due_at`, by default now plus the effect's debounce)."""
    now = timezone.now()
    row = _row(
        name, region=region, year=year, target=target, payload=payload, due_at=due_at, now=now
    )
    row.save(force_insert=True)
    relay.after_commit(urgent=row.due_at <= now)
    return row


def record_many(rows: Iterable[dict[str, Any]]) -> int:
    """Record several effects with one INSERT; each item holds record()'s keyword arguments
    plus `name`."""
    now = timezone.now()
    built = [
        _row(
            item["name"],
            region=item.get("region"),
            year=item.get("year"),
            target=item.get("target", ""),
            payload=item.get("payload"),
            due_at=item.get("due_at"),
            now=now,
        )
        for item in rows
    ]
    if built:
        PendingEffect.objects.bulk_create(built)
        relay.after_commit(urgent=any(row.due_at <= now for row in built))
    return len(built)


def region_changed(region: Region | int, *, year: int) -> None:
    """The region's own data changed (in `year`'s assessment, or its profile counted in the
    current year): refresh everything declared in effects.REGION_CHANGE."""
    record_many({"name": name, "region": region, "year": year} for name in REGION_CHANGE)
