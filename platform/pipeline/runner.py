"""Applying recorded effects: the one loop the sweep task, the relay's nudges, the command and
the tests all run.

A key (effect, region, year, target) is applied under a transaction-scoped advisory lock, so two
workers never apply the same key at once, and a worker that dies mid-run (SIGKILL, a lost
connection) releases it with its connection: nothing is left claimed. The rows read at the start
are deleted in the same transaction once the handler returned, so

- a database effect (catalog, snapshot, notifications) commits together with its rows: exactly
  once;
- an e-mail is sent while the lock is held and marked sent in that transaction: a crash before the
  commit sends it again later, with the same Message-ID;
- rows recorded while the handler ran are not among those deleted, and get a run of their own.

A failing handler rolls back what it did; its rows get the attempt counted and wait with a growing
delay (PIPELINE_RETRY_BASE_SECONDS doubled per attempt, at most PIPELINE_RETRY_MAX_SECONDS)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import psycopg
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, F, Min, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.commit_horizon import LOCK_HOLDER
from pipeline.effects import EFFECTS, Effect
from pipeline.models import PendingEffect

if TYPE_CHECKING:
    from regions.models import Region

logger = logging.getLogger(__name__)

APPLIED, BUSY, FAILED, NOTHING = "applied", "busy", "failed", "nothing"


@dataclass(frozen=True)
class Key:
    effect: str
    region_id: int | None
    year: int | None
    target: str

    def rows(self):
        return PendingEffect.objects.filter(
            effect=self.effect, region_id=self.region_id, year=self.year, target=self.target
        )

    @property
    def lock_name(self) -> str:
        return f"pipeline|{self.effect}|{self.region_id}|{self.year}|{self.target}"


@dataclass
class Job:
    """What a handler gets: the key, the region (loaded, or None) and every row's payload."""

    effect: str
    region: Region | None
    year: int | None
    target: str
    payloads: list[dict[str, Any]]


@dataclass
class RunReport:
    applied: int = 0
    failed: int = 0
    busy: int = 0
    seconds: float = 0.0
    out_of_time: bool = False  # stopped by the budget with keys still due
    effects: dict[str, int] = field(default_factory=dict)


def due_keys(
    *,
    limit: int,
    include_future: bool = False,
    skip: set[Key] | None = None,
    only: set[str] | None = None,
    exclude: set[str] | None = None,
) -> list[Key]:
    """Keys with a row due now (all keys with `include_future`), urgent effects first, then the
    longest waiting; `only` and `exclude` narrow them by effect name."""
    rows = PendingEffect.objects.all()
    if not include_future:
        rows = rows.filter(due_at__lte=timezone.now())
    if only is not None:
        rows = rows.filter(effect__in=only)
    if exclude:
        rows = rows.exclude(effect__in=exclude)
    skip = skip or set()
    urgent = [name for name, effect in EFFECTS.items() if effect.urgent]
    grouped = (
        rows.values("effect", "region_id", "year", "target")
        .annotate(
            first=Min("due_at"),
            # An e-mail waiting behind a backlog of 552 snapshots goes first.
            rank=Case(When(effect__in=urgent, then=Value(0)), default=Value(1)),
        )
        .order_by("rank", "first")[: limit + len(skip)]
    )
    keys = [
        Key(item["effect"], item["region_id"], item["year"], item["target"]) for item in grouped
    ]
    return [key for key in keys if key not in skip][:limit]


def apply_key(key: Key) -> str:
    """Apply one key's rows if nobody else is; returns APPLIED, BUSY, FAILED or NOTHING."""
    effect = EFFECTS.get(key.effect)
    connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
    ids: list[int] = []
    try:
        with _key_locked(key, effect) as held:
            if not held:
                return BUSY
            rows = list(key.rows().values_list("pk", "payload"))
            if not rows:
                return NOTHING
            ids = [pk for pk, _payload in rows]
            if effect is None:
                raise LookupError(f"no effect named {key.effect!r} is declared")
            effect.handler(
                Job(
                    effect=key.effect,
                    region=_region(key.region_id),
                    year=key.year,
                    target=key.target,
                    payloads=[payload for _pk, payload in rows],
                )
            )
            connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
            PendingEffect.objects.filter(pk__in=ids).delete()
        return APPLIED
    except Exception as exc:
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
        if ids:
            _postpone(key, ids, exc)
        else:
            logger.warning(_("Efek %(key)s tidak dapat dimulai."), {"key": key}, exc_info=True)
        return FAILED


TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended(%s, 0))"


@contextlib.contextmanager
def _key_locked(key: Key, effect: Effect | None) -> Iterator[bool]:
    """The key's lock, tried (yields whether it is held), around what the effect does.

    Usually the lock is taken in the transaction everything happens in, so the handler's writes
    commit together with the deletion of the rows. A long effect (in_transaction=False) has its
    lock held by a transaction of a connection of its own that does nothing else (released when
    it closes, or when the worker dies), while the handler runs on the worker's connection with
    no transaction open and commits its own short steps; a run that dies midway leaves the rows
    for the next, which resumes what the handler left (its own rule). Both locks are
    transaction-scoped, so a transaction-mode pooler stays possible; the change feeds' horizon
    passes over the holder's connection (core.commit_horizon.LOCK_HOLDER), which never writes."""
    if effect is not None and not effect.in_transaction:
        with _lock_holder() as holder:
            held = holder.execute(TRY_LOCK, [key.lock_name]).fetchone()
            yield bool(held and held[0])
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(TRY_LOCK, [key.lock_name])
            held = cursor.fetchone()
        yield bool(held and held[0])


@contextlib.contextmanager
def _lock_holder() -> Iterator[psycopg.Connection]:
    """A connection of its own, named LOCK_HOLDER, in a transaction that only holds a lock."""
    connection.ensure_connection()
    parameters = {**connection.get_connection_params(), "application_name": LOCK_HOLDER}
    holder = psycopg.connect(**parameters, autocommit=False)
    try:
        yield holder
    finally:
        holder.close()  # ends its transaction, and the lock with it


def _region(region_id: int | None) -> Region | None:
    if region_id is None:
        return None
    from regions.models import Region

    return Region.objects.select_related("province").filter(pk=region_id).first()


def _postpone(key: Key, ids: list[int], exc: Exception) -> None:
    attempts = (
        PendingEffect.objects.filter(pk__in=ids)
        .order_by("-attempts")
        .values_list("attempts", flat=True)[:1]
    )
    try:
        done = max(attempts, default=0) + 1
        wait = min(
            settings.PIPELINE_RETRY_BASE_SECONDS * 2 ** (done - 1),
            settings.PIPELINE_RETRY_MAX_SECONDS,
        )
        PendingEffect.objects.filter(pk__in=ids).update(
            attempts=F("attempts") + 1,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            due_at=timezone.now() + timedelta(seconds=wait),
        )
    except DatabaseError:
        # The database itself is gone: the rows stay as they were and the next sweep retries.
        logger.warning(_("Efek %(key)s gagal dan percobaannya tidak dapat dicatat."), {"key": key})
        return
    logger.warning(
        _("Efek %(key)s gagal (percobaan %(n)d); dicoba lagi dalam %(wait)d detik."),
        {"key": key, "n": done, "wait": wait},
        exc_info=exc,
    )


def run_due(
    *,
    budget_seconds: float | None = None,
    include_future: bool = False,
    batch: int = 50,
    only: set[str] | None = None,
    exclude: set[str] | None = None,
) -> RunReport:
    """Apply due keys until none is left or the time budget is spent. Keys another worker holds
    are skipped (it is applying them); a key that failed waits for its retry time."""
    budget = settings.PIPELINE_RUN_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    started = time.monotonic()
    report = RunReport()
    skip: set[Key] = set()
    while time.monotonic() - started < budget:
        keys = due_keys(
            limit=batch, include_future=include_future, skip=skip, only=only, exclude=exclude
        )
        if not keys:
            break
        for key in keys:
            outcome = apply_key(key)
            if outcome == APPLIED:
                report.applied += 1
                report.effects[key.effect] = report.effects.get(key.effect, 0) + 1
            elif outcome in (BUSY, FAILED):
                setattr(report, outcome, getattr(report, outcome) + 1)
                skip.add(key)
            if time.monotonic() - started >= budget:
                report.out_of_time = True
                break
    report.seconds = time.monotonic() - started
    return report


def drain(
    *, rounds: int = 10, only: set[str] | None = None, exclude: set[str] | None = None
) -> RunReport:
    """Apply everything recorded, due or not, including what the effects themselves record
    (a snapshot asks for its catalog standing): the command's --all, the demo seed's and the
    tests' way of saying "what the worker would do, now"."""
    started = time.monotonic()
    total = RunReport()
    for _round in range(rounds):
        report = run_due(budget_seconds=3600, include_future=True, only=only, exclude=exclude)
        total.applied += report.applied
        total.failed += report.failed
        total.busy += report.busy
        for name, count in report.effects.items():
            total.effects[name] = total.effects.get(name, 0) + count
        if not report.applied:
            break
    total.seconds = time.monotonic() - started
    return total
