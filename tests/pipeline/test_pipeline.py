"""The effect pipeline itself: one declared list, rows recorded in the change's transaction,
keys applied once under a lock, failures retried with a growing wait, a relay that sends one
nudge per commit and never breaks it, the sweep's command, and the admin's read-only list."""

from __future__ import annotations

import io
from contextlib import AbstractContextManager
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from core.commit_horizon import LOCK_HOLDER
from pipeline import relay
from pipeline.effects import EFFECTS, REGION_CHANGE
from pipeline.models import PendingEffect
from pipeline.runner import APPLIED, BUSY, Key, apply_key, drain, run_due
from pipeline.services import record, region_changed
from tests.conftest import assert_test_database, region_by_slug
from tests.live import open_elsewhere

SEEN: list[tuple[str, int]] = []


def note(job) -> None:
    """The test effect's handler: notes (target, number of rows); a payload can ask it to fail,
    or to record the same key again while it runs (as a change committed meanwhile would)."""
    payload = job.payloads[-1] if job.payloads else {}
    if payload.get("fail"):
        raise RuntimeError("gagal sengaja")
    if payload.get("again"):
        record("test.note", target=job.target)
    SEEN.append((job.target, len(job.payloads)))


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str, int]]:
    """A test effect declared like the others (the list is data: one more entry)."""
    from pipeline.effects import TARGET, Effect

    monkeypatch.setitem(EFFECTS, "test.note", Effect("test.note", f"{__name__}.note", TARGET))
    SEEN.clear()
    return SEEN


def test_every_declared_effect_names_a_handler_that_exists():
    for effect in EFFECTS.values():
        assert callable(import_string(effect.handler_path)), effect.name
    assert set(REGION_CHANGE) <= set(EFFECTS)


def test_a_region_change_records_the_declared_effects_in_its_transaction(db, region_a, settings):
    settings.SNAPSHOT_DEBOUNCE_SECONDS = 30
    with transaction.atomic():
        region_changed(region_a, year=2026)
    rows = {row.effect: row for row in PendingEffect.objects.all()}
    assert set(rows) == set(REGION_CHANGE)
    assert rows["catalog.region"].year is None  # keyed by region only
    assert rows["rankings.snapshot"].year == 2026
    assert rows["rankings.snapshot"].due_at - rows["rankings.snapshot"].recorded_at == timedelta(
        seconds=30
    )
    with pytest.raises(ValueError, match="needs a region"):
        record("catalog.region")
    with pytest.raises(KeyError):
        record("no.such.effect", region=region_a)


def test_rows_of_one_key_are_applied_together_once(db, calls):
    for _ in range(3):
        record("test.note", target="a")
    record("test.note", target="b")
    report = drain()
    assert report.effects == {"test.note": 2}
    assert sorted(calls) == [("a", 3), ("b", 1)]
    assert not PendingEffect.objects.exists()
    assert drain().applied == 0  # nothing twice


def test_a_failing_effect_waits_longer_each_time_and_is_never_lost(db, calls, settings):
    settings.PIPELINE_RETRY_BASE_SECONDS = 10
    settings.PIPELINE_RETRY_MAX_SECONDS = 25
    record("test.note", target="x", payload={"fail": True})
    waits = []
    for _ in range(3):
        PendingEffect.objects.update(due_at=timezone.now())
        assert run_due().failed == 1
        row = PendingEffect.objects.get()
        waits.append(round((row.due_at - timezone.now()).total_seconds()))
    assert row.attempts == 3 and "gagal sengaja" in row.last_error
    assert waits[0] in (9, 10) and waits[1] in (19, 20) and waits[2] in (24, 25)  # capped
    PendingEffect.objects.update(payload={}, due_at=timezone.now())
    assert run_due().effects == {"test.note": 1}


def test_an_unknown_effect_is_kept_and_reported(db):
    PendingEffect.objects.create(effect="removed.effect", target="1", due_at=timezone.now())
    assert run_due().failed == 1
    row = PendingEffect.objects.get()
    assert "no effect named 'removed.effect'" in row.last_error


def held_elsewhere(key: Key) -> AbstractContextManager[None]:
    """The key's lock held by another database session's transaction (as a running worker
    holds it) while the block runs."""

    def lock() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key.lock_name])

    return open_elsewhere(lock)


def test_a_key_another_worker_holds_is_left_to_it(django_db_setup, django_db_blocker, calls):
    """A second database session holds the key's lock (as a running worker would): this one
    skips it, and applies it once the other is gone."""
    with django_db_blocker.unblock():
        assert_test_database()
        PendingEffect.objects.filter(effect="test.note").delete()
        record("test.note", target="held")
        key = Key("test.note", None, None, "held")
        with held_elsewhere(key):
            assert apply_key(key) == BUSY
            assert PendingEffect.objects.filter(target="held").exists()
        assert apply_key(key) == APPLIED
        assert not PendingEffect.objects.filter(target="held").exists()


def test_rows_recorded_while_a_key_runs_are_kept_for_the_next_run(db, calls):
    record("test.note", target="k", payload={"again": True})
    assert drain().effects == {"test.note": 2}
    assert calls == [("k", 1), ("k", 1)]
    assert not PendingEffect.objects.exists()


def test_the_relay_sends_one_nudge_per_commit_and_none_for_a_rollback(
    db, calls, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(relay, "nudge", lambda: sent.append(1) or True)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(5):
            record("test.note", target=str(n))
    assert sent == [1]
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        record("test.note", target="gone")
        raise RuntimeError
    assert sent == [1]
    # A debounced effect waits for the sweep: no nudge.
    with django_capture_on_commit_callbacks(execute=True):
        record("rankings.snapshot", region=region_by_slug("banjar"), year=2026)
    assert sent == [1]


def test_the_relay_stays_quiet_for_a_moment_after_the_broker_failed(monkeypatch):
    from pipeline import tasks

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(1)
        raise ConnectionRefusedError

    monkeypatch.setattr(tasks.run_due_effects, "apply_async", refuse)
    monkeypatch.setattr(relay, "_broker_down_until", 0.0)
    assert relay.nudge() is False
    assert relay.nudge() is False  # not even tried: the rows wait for the sweep
    assert attempts == [1]


def test_the_command_applies_and_reports(db, calls):
    record("test.note", target="c", due_at=timezone.now() + timedelta(hours=1))
    out = io.StringIO()
    call_command("run_effects", "--status", stdout=out)
    assert "pending 1" in out.getvalue() and "test.note: 1 rows" in out.getvalue()
    out = io.StringIO()
    call_command("run_effects", stdout=out)
    assert "applied 0" in out.getvalue()  # not due yet
    out = io.StringIO()
    call_command("run_effects", "--all", stdout=out)
    assert "applied 1" in out.getvalue() and "pending 0" in out.getvalue()


def test_platform_admins_read_the_pending_effects(db, personas, client_for):
    record("catalog.region", region=region_by_slug("banjar"))
    admin = client_for(personas.platform_admin)
    listing = admin.get("/admin/pipeline/pendingeffect/")
    assert listing.status_code == 200 and "catalog.region" in listing.content.decode()
    row = PendingEffect.objects.get()
    assert admin.get(f"/admin/pipeline/pendingeffect/{row.pk}/change/").status_code == 200
    assert admin.get("/admin/pipeline/pendingeffect/add/").status_code == 403
    region_admin = client_for(personas.admin_a)
    assert region_admin.get("/admin/pipeline/pendingeffect/").status_code == 302


def test_the_save_path_writes_one_insert_for_both_effects(db, region_a):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        region_changed(region_a, year=2026)
    inserts = [q for q in queries.captured_queries if "pipeline_pendingeffect" in q["sql"]]
    assert len(inserts) == 1


def test_a_rubric_edit_recomputes_every_active_region_spread_over_minutes(db, personas, client_for):
    from regions.models import Region
    from rubric.models import Indicator
    from rubric.services import RECOMPUTE_WINDOW_SECONDS
    from rubric.years import current_year

    active = set(Region.objects.filter(is_active=True).values_list("pk", flat=True))
    year = current_year()
    indicator = Indicator.objects.filter(rubric__year=year, part="sid").first()
    started = timezone.now()
    response = client_for(personas.platform_admin).post(
        f"/admin/rubric/indicator/{indicator.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    snapshots = PendingEffect.objects.filter(effect="rankings.snapshot")
    assert set(snapshots.values_list("region_id", flat=True)) == active
    assert set(snapshots.values_list("year", flat=True)) == {year}
    latest = max(row.due_at for row in snapshots)
    assert latest - started <= timedelta(seconds=RECOMPUTE_WINDOW_SECONDS + 5)
    catalog = PendingEffect.objects.filter(effect="catalog.region")
    assert set(catalog.values_list("region_id", flat=True)) == active


def test_urgent_effects_go_before_a_backlog(db, region_a):
    from pipeline.runner import due_keys

    earlier = timezone.now() - timedelta(minutes=5)
    for year in range(2000, 2060):  # a backlog of snapshot recomputes, waiting for a while
        record("rankings.snapshot", region=region_a, year=year, due_at=earlier)
    record("notifications.email", target="7")
    [first] = due_keys(limit=1)
    assert first.effect == "notifications.email"


OPEN_TRANSACTION: list[bool] = []


HORIZON_PASSED_THE_LOCK: list[bool] = []


def long_note(job) -> None:
    """A long effect's handler: notes whether a transaction was open while it ran, and whether
    the change feeds' horizon passed the start of the transaction that holds its lock."""
    from core.commit_horizon import settled_before

    OPEN_TRANSACTION.append(connection.in_atomic_block or not connection.get_autocommit())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT max(xact_start) FROM pg_stat_activity WHERE application_name = %s",
            [LOCK_HOLDER],
        )
        lock_began = cursor.fetchone()[0]
    HORIZON_PASSED_THE_LOCK.append(lock_began is not None and settled_before() > lock_began)
    if job.payloads and job.payloads[-1].get("fail"):
        raise RuntimeError("gagal sengaja")


def test_a_long_effect_runs_with_no_transaction_open_and_keeps_its_key_to_itself(
    django_db_setup, django_db_blocker, monkeypatch, settings
):
    """An effect declared in_transaction=False (an export's file) runs in autocommit, so no
    transaction of a writer stays open for its minutes: its key's lock is held by a connection
    that only holds it, which the change feeds' horizon passes over. Another worker holding the
    key makes this one skip it, and a failure leaves the rows for a retry and the lock free."""
    from pipeline.effects import TARGET, Effect

    monkeypatch.setitem(
        EFFECTS,
        "test.long",
        Effect("test.long", f"{__name__}.long_note", TARGET, in_transaction=False),
    )
    settings.CHANGE_FEED_SETTLE_SECONDS = 0
    OPEN_TRANSACTION.clear()
    HORIZON_PASSED_THE_LOCK.clear()
    with django_db_blocker.unblock():
        assert_test_database()
        PendingEffect.objects.filter(effect="test.long").delete()
        try:
            record("test.long", target="panjang", payload={"fail": True})
            key = Key("test.long", None, None, "panjang")
            assert apply_key(key) == "failed"
            assert PendingEffect.objects.get(effect="test.long").attempts == 1

            with held_elsewhere(key):
                assert apply_key(key) == BUSY
            PendingEffect.objects.filter(effect="test.long").update(payload={})
            assert apply_key(key) == APPLIED
            assert OPEN_TRANSACTION == [False, False]
            assert HORIZON_PASSED_THE_LOCK == [True, True]
            assert not PendingEffect.objects.filter(effect="test.long").exists()
        finally:
            PendingEffect.objects.filter(effect="test.long").delete()
