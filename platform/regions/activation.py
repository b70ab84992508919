"""Activating (onboarding) and deactivating regions.

Activation creates the region's schema from the current template (see regions.schema_template),
or renames one made ahead from it when one is ready (regions.spare_schemas), and marks the region active, in one transaction per region: a failure leaves neither a schema nor
a flag behind. It is idempotent: an active region is left alone, and a region deactivated earlier
gets its existing schema and data back. Deactivation only closes the region's site; no data is
ever deleted by it.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from django.db import connection, connections, transaction
from django.utils import timezone

from core.audit import EventType, record_event
from pipeline.services import record
from regions import schema_versions
from regions.models import Region
from regions.schema_template import (
    SchemaScript,
    TemplateChanged,
    UnsupportedTemplate,
    applied_tenant_migrations,
    create_schema_from_script,
    ensure_current_template,
    schema_exists,
)
from regions.spare_schemas import take_spare

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

ACTIVATED = "activated"
REACTIVATED = "reactivated"
ALREADY_ACTIVE = "already_active"


@dataclass
class ActivationReport:
    activated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    already_active: list[str] = field(default_factory=list)
    seconds: float = 0.0
    method: str = "template"
    from_spares: int = 0  # schemas made ahead (regions.spare_schemas), renamed to the region's

    @property
    def changed(self) -> int:
        return len(self.activated) + len(self.reactivated)

    def add(self, slug: str, outcome: str) -> None:
        {
            ACTIVATED: self.activated,
            REACTIVATED: self.reactivated,
            ALREADY_ACTIVE: self.already_active,
        }[outcome].append(slug)


ProgressCallback = Callable[[str, str], None]


class _Done(NamedTuple):
    slug: str
    outcome: str
    from_spare: bool = False


def activate_regions(
    regions: Iterable[Region],
    *,
    actor: User | None = None,
    jobs: int = 1,
    progress: ProgressCallback | None = None,
) -> ActivationReport:
    """Activate every region given; report what changed. `progress(slug, outcome)` is called
    once per region."""
    started = time.perf_counter()
    report = ActivationReport()
    region_ids = []
    for region in regions:
        if region.is_active:
            report.add(region.slug, ALREADY_ACTIVE)
            if progress:
                progress(region.slug, ALREADY_ACTIVE)
        else:
            region_ids.append(region.pk)

    if region_ids:
        try:
            script: SchemaScript | None = ensure_current_template()
        except UnsupportedTemplate as exc:
            logger.warning("Template cannot be cloned (%s); running migrations per region", exc)
            script = None
            report.method = "migrations"
        actor_id = actor.pk if actor is not None else None
        if jobs > 1 and len(region_ids) > jobs:
            outcomes = _activate_in_processes(region_ids, script, actor_id, jobs)
        else:
            outcomes = (_activate_by_id(pk, script, actor_id) for pk in region_ids)
        for done in outcomes:
            report.add(done.slug, done.outcome)
            report.from_spares += done.from_spare
            if progress:
                progress(done.slug, done.outcome)

    report.seconds = time.perf_counter() - started
    return report


def activate_region(region: Region, *, actor: User | None = None) -> str:
    """Activate one region; returns ACTIVATED, REACTIVATED or ALREADY_ACTIVE."""
    report = activate_regions([region], actor=actor)
    region.refresh_from_db()
    return (
        (report.activated and ACTIVATED) or (report.reactivated and REACTIVATED) or ALREADY_ACTIVE
    )


def deactivate_region(region: Region, *, actor: User | None = None) -> bool:
    """Close the region's site. Its schema and every row in it stay. Returns False if it was
    not active."""
    with transaction.atomic():
        locked = Region.objects.select_for_update().get(pk=region.pk)
        if not locked.is_active:
            return False
        locked.is_active = False
        locked.deactivated_at = timezone.now()
        locked.save(update_fields=["is_active", "deactivated_at"])
        record_event(EventType.REGION_DEACTIVATED, actor=actor, region=locked)
        # Its innovations leave the national catalog (and so search, the network and
        # suggestions); they come back with the reactivation below.
        record("catalog.region", region=locked)
    region.refresh_from_db()
    return True


def _activate_by_id(region_id: int, script: SchemaScript | None, actor_id: int | None) -> _Done:
    try:
        return _activate_once(region_id, script, actor_id)
    except TemplateChanged:
        # A roll-out migrated the template since the script was written: write it again.
        return _activate_once(region_id, ensure_current_template(), actor_id)


def _activate_once(region_id: int, script: SchemaScript | None, actor_id: int | None) -> _Done:
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
    from_spare = False
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region_id)
        if region.is_active:
            return _Done(region.slug, ALREADY_ACTIVE)
        if schema_exists(region.schema_name):
            outcome = REACTIVATED
        else:
            outcome = ACTIVATED
            if script is not None:
                from_spare = take_spare(region.schema_name, script)
                if not from_spare:
                    create_schema_from_script(region.schema_name, script)
        if outcome == ACTIVATED and script is None:
            # Fallback path: django-tenants runs the migrations (outside our transaction, as it
            # manages its own); the flag below is only set once it succeeded.
            transaction.set_rollback(True)
        else:
            _mark_active(region, outcome, actor_id)
            return _Done(region.slug, outcome, from_spare)
    region.create_schema(check_if_exists=True, sync_schema=True, verbosity=0)
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region_id)
        _mark_active(region, ACTIVATED, actor_id)
    return _Done(region.slug, ACTIVATED)


def _mark_active(region: Region, outcome: str, actor_id: int | None) -> None:
    from accounts.models import User

    if outcome == ACTIVATED:
        applied = {schema_versions.key(m) for m in applied_tenant_migrations(region.schema_name)}
        schema_versions.record_applied(region.schema_name, applied)
        if schema_versions.needed_keys() <= applied:
            schema_versions.mark_ready(region.schema_name)
    region.is_active = True
    region.activated_at = timezone.now()
    region.deactivated_at = None
    region.save(update_fields=["is_active", "activated_at", "deactivated_at"])
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    event = EventType.REGION_ACTIVATED if outcome == ACTIVATED else EventType.REGION_REACTIVATED
    record_event(event, actor=actor, region=region, data={"schema": region.schema_name})
    if outcome == REACTIVATED:
        record("catalog.region", region=region)  # its published innovations are back
    else:
        record("organization.standard_units", region=region)


# --- parallel activation -------------------------------------------------------------------


class _WorkerState(TypedDict, total=False):
    script: SchemaScript | None
    actor_id: int | None


_worker_state: _WorkerState = {}


def _init_worker(script: SchemaScript | None, actor_id: int | None) -> None:
    # The parent closed its connections before forking, so each child opens its own.
    _worker_state.update({"script": script, "actor_id": actor_id})


def _activate_in_worker(region_id: int) -> _Done:
    return _activate_by_id(region_id, _worker_state["script"], _worker_state["actor_id"])


def _activate_in_processes(
    region_ids: Sequence[int], script: SchemaScript | None, actor_id: int | None, jobs: int
):
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_init_worker, initargs=(script, actor_id)) as pool:
        yield from pool.imap_unordered(_activate_in_worker, region_ids, chunksize=4)
    connections.close_all()
