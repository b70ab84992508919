"""The snapshot recompute pipeline: a change queues its region's recompute after it commits,
debounced (a burst of edits costs one task); the nightly run spreads every active region over a
window; the task runs in the public schema on a real worker, retries database errors and, when
it keeps failing, leaves the previous snapshot.

Tasks are observed through a spy on `refresh_region_snapshot.apply_async` (what the pipeline
would send to the broker), and end to end through a real worker process on its own queue."""

from __future__ import annotations

import contextlib
import itertools
import logging
import uuid
from collections import Counter

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import OperationalError, transaction
from django_tenants.utils import tenant_context
from kombu.exceptions import OperationalError as BrokerDown
from redis.exceptions import ConnectionError as RedisDown

from rankings import services, tasks
from rankings.models import IndexSnapshot
from rankings.queue import debounce_key, queue_snapshot_refresh
from rankings.services import refresh_snapshot
from regions.models import Region
from tenants.assessment.services import answer_set, evidence_review
from tenants.assessment.workflow import fire
from tenants.assessment.years import current_year
from tenants.innovations.services import innovation_create, innovation_update
from tests.conftest import REGION_A, assert_test_database, make_opd
from tests.live import celery_worker
from tests.network.helpers import verified_innovation
from tests.network.request_helpers import network
from tests.registry.helpers import answer_with_pdf, current_report, make_innovation, profile

OTHER_YEAR = 2023  # an assessment year with a rubric that is not the current one


def _forget_debounce_keys() -> None:
    """Debounce keys live in Redis, outside the test transaction: start and end each test with
    none, so one test's burst cannot swallow the next test's first change."""
    client = cache._cache.get_client(None)
    for key in client.scan_iter(match=cache.make_key(debounce_key("*", "*"))):
        client.delete(key)


@pytest.fixture(autouse=True)
def _no_debounce_keys():
    _forget_debounce_keys()
    yield
    _forget_debounce_keys()


@pytest.fixture
def queued(monkeypatch) -> list[dict]:
    """Every refresh_region_snapshot the code would send: {"args": [...], **options}."""
    calls: list[dict] = []

    def record(args=None, kwargs=None, **options):
        calls.append({"args": list(args or ()), **options})

    monkeypatch.setattr(tasks.refresh_region_snapshot, "apply_async", record)
    return calls


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed() -> a block whose on-commit callbacks run when it ends, as if it were its own
    committed transaction (the test's transaction itself never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- debounced queueing -------------------------------------------------------------------------


def test_a_burst_of_edits_queues_one_recompute_sent_to_the_public_schema(
    personas, region_a, queued, committed, settings
):
    settings.SNAPSHOT_DEBOUNCE_SECONDS = 7
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    for n in range(5):  # five edits, each committed on its own, as five clicks would be
        with committed():
            innovation_update(
                region=region_a,
                actor=personas.operator_a,
                innovation=innovation,
                data={"goals": f"Tujuan versi {n}"},
            )
    assert queued == [
        {
            "args": [region_a.pk, current_year()],
            "countdown": 7,
            "headers": {"_schema_name": "public"},
        }
    ]


def test_a_rolled_back_edit_queues_nothing(personas, region_a, queued, committed):
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    with (
        committed(),
        pytest.raises(RuntimeError, match="sengaja"),
        tenant_context(region_a),
        transaction.atomic(),
    ):
        innovation_update(
            region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "Batal"}
        )
        raise RuntimeError("sengaja dibatalkan")
    assert queued == []


def test_each_region_and_year_has_its_own_debounce(personas, region_a, region_b, queued, committed):
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    with committed():
        innovation_update(
            region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "A"}
        )
        # The region's own (SPD) answer of another year: no innovation, its own year.
        answer_set(
            region=region_a,
            actor=personas.admin_a,
            year=OTHER_YEAR,
            indicator_code="SPD-01",
            level=2,
        )
        queue_snapshot_refresh(region_b)
        queue_snapshot_refresh(region_b.pk, current_year())  # same region and year: debounced
    assert sorted(call["args"] for call in queued) == sorted(
        [[region_a.pk, current_year()], [region_a.pk, OTHER_YEAR], [region_b.pk, current_year()]]
    )


def test_every_kind_of_change_to_what_a_snapshot_reads_queues_its_region(
    personas, region_a, queued, committed
):
    admin = personas.admin_a

    @contextlib.contextmanager
    def queues_one_recompute():
        _forget_debounce_keys()
        queued.clear()
        with committed():
            yield
        assert [call["args"] for call in queued] == [[region_a.pk, current_year()]]

    with queues_one_recompute():
        innovation = make_innovation(region_a, admin, personas.opd_a)
    report = current_report(region_a, innovation)
    with queues_one_recompute():
        answer = answer_with_pdf(region_a, admin, report, "SID-16", 3)
    with queues_one_recompute():
        fire("submit", region=region_a, actor=admin, report=report)
    with tenant_context(region_a):
        evidence = answer.evidence.get()
    with queues_one_recompute():
        evidence_review(region=region_a, actor=admin, evidence=evidence, status="accepted")
    with queues_one_recompute():
        fire("verify", region=region_a, actor=admin, report=report)


def test_the_replication_credit_queues_both_regions(
    personas, region_a, region_b, queued, committed, monkeypatch
):
    from replication.notifications import tasks as notification_tasks
    from replication.requests.models import RequestStatus

    # The steps also e-mail notifications after commit; keep those off the broker.
    monkeypatch.setattr(notification_tasks.send_notification_emails_task, "delay", lambda *a: None)
    net = network(personas, region_a, region_b)
    request = net.request_in(RequestStatus.VISIT_DONE)
    both = sorted([[region_a.pk, current_year()], [region_b.pk, current_year()]])

    _forget_debounce_keys()
    queued.clear()  # publishing the origin's innovation above queued its own recompute
    with committed():
        request = net.fire(request, "record_agreement", "requester")
    assert request.credited_at is not None
    assert sorted(call["args"] for call in queued) == both

    _forget_debounce_keys()
    queued.clear()
    with committed():
        net.fire(request, "cancel", "requester")
    assert sorted(call["args"] for call in queued) == both


@pytest.mark.parametrize("broken", ["broker", "cache"])
def test_a_queue_that_is_down_never_breaks_the_edit(
    personas, region_a, queued, committed, monkeypatch, caplog, broken
):
    from tenants.innovations.models import Innovation

    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    spy = tasks.refresh_region_snapshot.apply_async

    def refuse(*args, **kwargs):
        raise (BrokerDown if broken == "broker" else RedisDown)("Connection refused.")

    if broken == "broker":
        monkeypatch.setattr(tasks.refresh_region_snapshot, "apply_async", refuse)
    else:
        monkeypatch.setattr(cache, "add", refuse)
    with caplog.at_level(logging.WARNING, logger="rankings.queue"), committed():
        innovation_update(
            region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "Baru"}
        )
    with tenant_context(region_a):
        assert Innovation.objects.get(pk=innovation.pk).goals == "Baru"
    assert "tidak dapat diantrekan" in caplog.text
    assert queued == []
    # The key was given back (or never taken): once the queue is back, the next edit queues.
    monkeypatch.undo()
    monkeypatch.setattr(tasks.refresh_region_snapshot, "apply_async", spy)
    assert cache.get(debounce_key(region_a.pk, current_year())) is None
    with committed():
        innovation_update(
            region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "Lagi"}
        )
    assert [call["args"] for call in queued] == [[region_a.pk, current_year()]]


def test_the_task_gives_the_key_back_as_it_starts_so_edits_during_a_compute_queue_again(
    personas, region_a, queued, committed, monkeypatch
):
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    year = current_year()
    with committed():
        innovation_update(
            region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "1"}
        )
    assert len(queued) == 1
    compute = services.compute_snapshot

    def edited_while_computing(region, year):
        with committed():
            innovation_update(
                region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "2"}
            )
        return compute(region, year)

    monkeypatch.setattr(services, "compute_snapshot", edited_while_computing)
    result = tasks.refresh_region_snapshot.apply(args=[region_a.pk, year])
    assert result.successful(), result.traceback
    assert result.result["region"] == region_a.slug
    assert IndexSnapshot.objects.filter(region=region_a, year=year).exists()
    # The edit made while the task computed may be missing from its snapshot: it queued another.
    assert [call["args"] for call in queued] == [[region_a.pk, year], [region_a.pk, year]]


def test_an_inactive_region_is_skipped(region_a):
    Region.objects.filter(pk=region_a.pk).update(is_active=False)
    result = tasks.refresh_region_snapshot.apply(args=[region_a.pk, current_year()])
    assert result.successful() and result.result is None
    assert not IndexSnapshot.objects.filter(region=region_a).exists()


# --- failures -----------------------------------------------------------------------------------


def test_a_recompute_that_keeps_failing_leaves_the_previous_snapshot(
    personas, region_a, monkeypatch, caplog
):
    verified_innovation(region_a, personas.admin_a, personas.opd_a)
    year = current_year()
    before = refresh_snapshot(region_a, year)
    attempts = []

    def broken(region, year):
        attempts.append(year)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "compute_snapshot", broken)
    with caplog.at_level(logging.WARNING, logger="rankings.tasks"):
        result = tasks.refresh_region_snapshot.apply(args=[region_a.pk, year])
    assert result.failed() and isinstance(result.result, OperationalError)
    assert len(attempts) == 1 + tasks.refresh_region_snapshot.max_retries
    after = IndexSnapshot.objects.get(region=region_a, year=year)
    assert (after.index, after.innovations, after.computed_at) == (
        before.index,
        before.innovations,
        before.computed_at,
    )
    assert "akan dicoba lagi" in caplog.text and "tidak dicoba lagi" in caplog.text


def test_a_passing_database_error_is_retried_and_the_snapshot_written(
    personas, region_a, monkeypatch
):
    year = current_year()
    before = refresh_snapshot(region_a, year)
    verified_innovation(region_a, personas.admin_a, personas.opd_a)
    compute = services.compute_snapshot
    attempts = []

    def flaky(region, year):
        attempts.append(year)
        if len(attempts) == 1:
            raise OperationalError("deadlock detected")
        return compute(region, year)

    monkeypatch.setattr(services, "compute_snapshot", flaky)
    result = tasks.refresh_region_snapshot.apply(args=[region_a.pk, year])
    assert result.successful(), result.traceback
    assert len(attempts) == 2
    after = IndexSnapshot.objects.get(region=region_a, year=year)
    assert (before.innovations, after.innovations) == (0, 1)


def test_a_bug_is_not_retried(region_a, monkeypatch):
    attempts = []

    def buggy(region, year):
        attempts.append(year)
        raise KeyError("SID-99")

    monkeypatch.setattr(services, "compute_snapshot", buggy)
    result = tasks.refresh_region_snapshot.apply(args=[region_a.pk, current_year()])
    assert result.failed() and isinstance(result.result, KeyError)
    assert len(attempts) == 1


# --- the nightly run ----------------------------------------------------------------------------


def test_the_nightly_run_spreads_every_active_region_evenly_over_the_window(db, queued):
    # All 552 regions active (rolled back with the test; no task runs, so no schema is needed).
    Region.objects.update(is_active=True)
    active = set(Region.objects.values_list("pk", flat=True))
    assert len(active) == 552

    assert tasks.refresh_all_snapshots(year=OTHER_YEAR, window_seconds=7200) == 552
    assert len(queued) == 552
    assert {call["args"][0] for call in queued} == active  # every region, once
    assert {call["args"][1] for call in queued} == {OTHER_YEAR}
    assert all(call["headers"] == {"_schema_name": "public"} for call in queued)
    countdowns = sorted(call["countdown"] for call in queued)
    assert countdowns[0] == 0 and countdowns[-1] < 7200
    step = 7200 / 552
    gaps = [later - earlier for earlier, later in itertools.pairwise(countdowns)]
    assert all(abs(gap - step) <= 1 for gap in gaps), "not evenly spread"
    assert max(Counter(countdowns).values()) == 1  # never two regions in the same second


def test_the_nightly_run_reads_its_window_and_year_from_the_settings(
    db, region_a, queued, settings
):
    settings.SNAPSHOT_NIGHTLY_WINDOW_MINUTES = 1
    Region.objects.exclude(province_id=region_a.province_id).update(is_active=False)
    Region.objects.filter(province_id=region_a.province_id).update(is_active=True)
    active = Region.objects.filter(is_active=True).count()
    assert active > 10

    assert tasks.refresh_all_snapshots() == active
    assert {call["args"][1] for call in queued} == {current_year()}
    per_second = Counter(call["countdown"] for call in queued)
    assert max(per_second) < 60
    assert max(per_second.values()) <= -(-active // 60)  # as few per second as the window allows


def test_beat_runs_the_nightly_fan_out_at_half_past_one():
    from lumbung.celery import app

    entry = django_settings.CELERY_BEAT_SCHEDULE["nightly-index-snapshots"]
    assert entry["task"] == tasks.refresh_all_snapshots.name
    assert entry["schedule"] == crontab(hour=1, minute=30)
    assert django_settings.CELERY_TIMEZONE == "Asia/Jakarta"
    assert {tasks.refresh_all_snapshots.name, tasks.refresh_region_snapshot.name} <= set(app.tasks)
    # Countdowns up to the window must not outlive Redis's redelivery of unacknowledged tasks.
    window = django_settings.SNAPSHOT_NIGHTLY_WINDOW_MINUTES * 60
    assert django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > window


# --- a real worker ------------------------------------------------------------------------------


@pytest.mark.worker
def test_a_worker_recomputes_once_after_a_burst_of_committed_edits_and_again_after_more(
    django_db_setup, django_db_blocker, settings, monkeypatch
):
    from tenants.history.models import Change
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit

    queue = f"lumbung-test-{uuid.uuid4().hex[:8]}"
    sent = []
    send = tasks.refresh_region_snapshot.apply_async

    def to_this_queue(*args, **options):
        result = send(*args, **{**options, "queue": queue})
        sent.append((options, result))
        return result

    monkeypatch.setattr(tasks.refresh_region_snapshot, "apply_async", to_this_queue)
    # Long enough for the whole burst below to commit before the recompute starts.
    settings.SNAPSHOT_DEBOUNCE_SECONDS = 5
    with django_db_blocker.unblock():
        assert_test_database()
        region = Region.objects.get(slug=REGION_A)
        year = current_year()
        assert not IndexSnapshot.objects.filter(region=region, year=year).exists()
        opd = make_opd(region, "Dinas Uji Pekerja Snapshot")
        try:
            with celery_worker(queue):
                # Five innovations, each created and committed by the real service inside the
                # region's schema, as pages do: one recompute, run after all five committed.
                for n in range(5):
                    innovation_create(
                        region=region, actor=None, data=profile(opd, name=f"Inovasi Pekerja {n}")
                    )
                assert len(sent) == 1
                options, result = sent[0]
                assert options["countdown"] == 5
                assert result.get(timeout=90)["region"] == region.slug
                first = IndexSnapshot.objects.get(region=region, year=year)
                assert first.innovations == 5 and first.by_status == {"draft": 5}

                # That run gave the key back as it started: the next change queues the next.
                settings.SNAPSHOT_DEBOUNCE_SECONDS = 1
                innovation_create(
                    region=region, actor=None, data=profile(opd, name="Inovasi Pekerja 5")
                )
                assert len(sent) == 2
                sent[1][1].get(timeout=60)
                again = IndexSnapshot.objects.get(region=region, year=year)
                assert again.pk == first.pk  # updated in place, one row per region and year
                assert again.innovations == 6 and again.computed_at > first.computed_at
        finally:
            with tenant_context(region):
                ids = list(Innovation.objects.filter(opd=opd).values_list("pk", flat=True))
                Change.objects.filter(innovation_id__in=ids).delete()
                Innovation.objects.filter(pk__in=ids).delete()
                OpdUnit.objects.filter(pk=opd.pk).delete()
            IndexSnapshot.objects.filter(region=region).delete()
