"""The snapshot recompute as an effect of the pipeline: every change of a region records, in its
own transaction, a `rankings.snapshot` row for its region and year (due after the debounce); a
burst of changes costs one recompute; a rolled-back change records nothing; a failing recompute
keeps the previous snapshot and is retried later; the nightly run spreads every active region
over a window, in the database. The real worker is exercised in tests/pipeline."""

from __future__ import annotations

import contextlib
import itertools
from collections import Counter
from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from pipeline.models import PendingEffect
from pipeline.runner import drain, run_due
from rankings.models import IndexSnapshot
from rankings.services import queue_all_snapshots
from regions.models import Region
from rubric.years import current_year
from tenants.assessment.services import answer_set, evidence_review
from tenants.assessment.workflow import fire
from tenants.innovations.services import innovation_update
from tenants.scoring import snapshot as snapshot_module
from tenants.scoring.snapshot import refresh
from tests.registry.helpers import (
    answer_mandatory,
    answer_with_pdf,
    current_report,
    make_innovation,
)
from tests.replication.helpers import verified_innovation
from tests.replication.request_helpers import network

OTHER_YEAR = 2023  # an assessment year with a rubric that is not the current one
SNAPSHOT = "rankings.snapshot"


def snapshot_keys() -> list[tuple[int, int]]:
    return sorted(
        set(PendingEffect.objects.filter(effect=SNAPSHOT).values_list("region_id", "year"))
    )


@pytest.fixture
def no_pending(db):
    PendingEffect.objects.all().delete()


# --- recording ----------------------------------------------------------------------------------


def test_a_burst_of_edits_records_one_debounced_recompute(personas, region_a, no_pending, settings):
    settings.SNAPSHOT_DEBOUNCE_SECONDS = 7
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    before = timezone.now()
    for n in range(5):  # five edits, as five clicks would be
        innovation_update(
            region=region_a,
            actor=personas.operator_a,
            innovation=innovation,
            data={"goals": f"Tujuan versi {n}"},
        )
    rows = PendingEffect.objects.filter(effect=SNAPSHOT)
    assert snapshot_keys() == [(region_a.pk, current_year())]
    assert all(row.due_at >= row.recorded_at + timedelta(seconds=7) for row in rows)
    assert rows.filter(recorded_at__gte=before).count() == 5
    assert run_due().effects.get(SNAPSHOT) is None  # not due yet: the burst may go on
    report = drain(only={SNAPSHOT})
    assert report.effects[SNAPSHOT] == 1  # six rows (create + five edits), one recompute
    assert not PendingEffect.objects.filter(effect=SNAPSHOT).exists()
    assert IndexSnapshot.objects.get(region=region_a, year=current_year()).innovations == 1


def test_a_rolled_back_edit_records_nothing(personas, region_a, no_pending):
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    PendingEffect.objects.all().delete()
    with (
        pytest.raises(RuntimeError, match="sengaja"),
        tenant_context(region_a),
        transaction.atomic(),
    ):
        innovation_update(
            region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "Batal"}
        )
        raise RuntimeError("sengaja dibatalkan")
    assert not PendingEffect.objects.exists()


def test_each_region_and_year_is_its_own_key(personas, region_a, region_b, no_pending):
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    innovation_update(
        region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "A"}
    )
    # The region's own (SPD) answer of another year: no innovation, its own year.
    answer_set(
        region=region_a, actor=personas.admin_a, year=OTHER_YEAR, indicator_code="SPD-01", level=2
    )
    assert snapshot_keys() == sorted([(region_a.pk, current_year()), (region_a.pk, OTHER_YEAR)])
    assert not PendingEffect.objects.filter(region=region_b).exists()


def test_every_kind_of_change_to_what_a_snapshot_reads_records_its_region(
    personas, region_a, no_pending
):
    admin = personas.admin_a

    @contextlib.contextmanager
    def records_one_recompute():
        PendingEffect.objects.all().delete()
        yield
        assert snapshot_keys() == [(region_a.pk, current_year())]
        # ... and its catalog entries, with the same transaction.
        assert PendingEffect.objects.filter(effect="catalog.region", region=region_a).exists()

    with records_one_recompute():
        innovation = make_innovation(region_a, admin, personas.opd_a)
    report = current_report(region_a, innovation)
    with records_one_recompute():
        answer = answer_with_pdf(region_a, admin, report, "SID-16", 3)
    with records_one_recompute():
        fire("submit", region=region_a, actor=admin, report=report)
    with tenant_context(region_a):
        evidence = answer.evidence.get()
    with records_one_recompute():
        evidence_review(region=region_a, actor=admin, evidence=evidence, status="accepted")
    answer_mandatory(region_a, report)
    with records_one_recompute():
        fire("verify", region=region_a, actor=admin, report=report)


def test_the_replication_credit_records_both_regions(personas, region_a, region_b):
    from replication.requests.models import RequestStatus

    net = network(personas, region_a, region_b)
    request = net.request_in(RequestStatus.VISIT_DONE)
    both = sorted([(region_a.pk, current_year()), (region_b.pk, current_year())])

    PendingEffect.objects.all().delete()
    request = net.fire(request, "record_agreement", "requester")
    request = net.fire(request, "confirm_agreement", "origin")
    assert request.credited_at is not None
    assert snapshot_keys() == both

    PendingEffect.objects.all().delete()
    net.fire(request, "cancel", "requester")
    assert snapshot_keys() == both


def test_a_broker_that_is_down_never_breaks_the_edit(
    personas, region_a, no_pending, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    import logging

    from kombu.exceptions import OperationalError as BrokerDown

    from pipeline import relay, tasks
    from tenants.innovations.models import Innovation

    def refuse(*args, **kwargs):
        raise BrokerDown("Connection refused.")

    monkeypatch.setattr(tasks.run_due_effects, "apply_async", refuse)
    monkeypatch.setattr(relay, "_broker_down_until", 0.0)
    monkeypatch.setattr(relay, "_last_warning", 0.0)
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    with (
        caplog.at_level(logging.WARNING, logger="pipeline.relay"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        innovation_update(
            region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "Baru"}
        )
    with tenant_context(region_a):
        assert Innovation.objects.get(pk=innovation.pk).goals == "Baru"
    assert "menunggu di basis data" in caplog.text
    # The effects wait in the database for the sweep.
    assert snapshot_keys() == [(region_a.pk, current_year())]


def test_an_edit_made_while_the_recompute_runs_gets_a_run_of_its_own(
    personas, region_a, no_pending, monkeypatch
):
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    compute = snapshot_module.figures
    calls = []

    def edited_while_computing(region, year):
        calls.append(year)
        if len(calls) == 1:
            innovation_update(
                region=region_a, actor=personas.admin_a, innovation=innovation, data={"goals": "2"}
            )
        return compute(region, year)

    monkeypatch.setattr(snapshot_module, "figures", edited_while_computing)
    report = drain(only={SNAPSHOT})
    # The edit recorded during the first run was not swept away with that run's rows.
    assert report.effects[SNAPSHOT] == 2 and len(calls) == 2
    assert not PendingEffect.objects.filter(effect=SNAPSHOT).exists()


def test_an_inactive_region_is_skipped(region_a, no_pending):
    from pipeline.services import record

    Region.objects.filter(pk=region_a.pk).update(is_active=False)
    record(SNAPSHOT, region=region_a, year=current_year())
    assert drain().effects == {SNAPSHOT: 1}
    assert not IndexSnapshot.objects.filter(region=region_a).exists()


def test_a_new_standing_asks_for_the_catalog_again(personas, region_a, no_pending):
    verified_innovation(region_a, personas.admin_a, personas.opd_a)
    report = drain()
    # The snapshot computed the region's first public standing: its entries were asked to show
    # it (one statement, not a rebuild of the region's entries).
    assert report.effects == {
        SNAPSHOT: 1,
        "catalog.region": 1,
        "catalog.standing": 1,
        "rankings.replications": 1,  # its first snapshot: the counts come from the national side
    }
    from pipeline.services import record

    record(SNAPSHOT, region=region_a, year=current_year())
    assert drain().effects == {SNAPSHOT: 1}  # same standing: the catalog is not asked again


# --- failures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error", [OperationalError("server closed the connection unexpectedly"), KeyError("SID-99")]
)
def test_a_failing_recompute_keeps_the_previous_snapshot_and_is_retried_later(
    personas, region_a, no_pending, monkeypatch, settings, error
):
    from pipeline.services import record

    settings.PIPELINE_RETRY_BASE_SECONDS = 10
    verified_innovation(region_a, personas.admin_a, personas.opd_a)
    year = current_year()
    before = refresh(region_a, year)
    PendingEffect.objects.all().delete()
    attempts = []

    def broken(region, year):
        attempts.append(year)
        raise error

    monkeypatch.setattr(snapshot_module, "figures", broken)
    record(SNAPSHOT, region=region_a, year=year, due_at=timezone.now())
    report = run_due()
    assert (report.failed, len(attempts)) == (1, 1)
    row = PendingEffect.objects.get(effect=SNAPSHOT)
    assert row.attempts == 1 and type(error).__name__ in row.last_error
    assert row.due_at >= timezone.now() + timedelta(seconds=8)  # waits, then retried
    assert run_due().failed == 0 and len(attempts) == 1  # not due yet
    after = IndexSnapshot.objects.get(region=region_a, year=year)
    assert (after.index, after.computed_at) == (before.index, before.computed_at)

    # Still failing: the wait doubles.
    PendingEffect.objects.update(due_at=timezone.now())
    run_due()
    row.refresh_from_db()
    assert row.attempts == 2 and row.due_at >= timezone.now() + timedelta(seconds=18)

    # Fixed (the connection is back, the bug deployed away): the next run writes it.
    monkeypatch.undo()
    PendingEffect.objects.update(due_at=timezone.now())
    assert run_due().effects == {SNAPSHOT: 1}
    assert IndexSnapshot.objects.get(region=region_a, year=year).computed_at > before.computed_at


# --- the nightly run ----------------------------------------------------------------------------


def test_the_nightly_run_spreads_every_active_region_evenly_over_the_window(db, no_pending):
    # All 552 regions active (rolled back with the test; nothing runs, so no schema is needed).
    Region.objects.update(is_active=True)
    active = set(Region.objects.values_list("pk", flat=True))
    assert len(active) == 552
    start = timezone.now()

    assert queue_all_snapshots(year=OTHER_YEAR, window_seconds=7200) == 552
    rows = list(PendingEffect.objects.filter(effect=SNAPSHOT))
    assert len(rows) == 552
    assert {row.region_id for row in rows} == active  # every region, once
    assert {row.year for row in rows} == {OTHER_YEAR}
    offsets = sorted(round((row.due_at - start).total_seconds()) for row in rows)
    assert offsets[0] <= 1 and offsets[-1] < 7200
    step = 7200 / 552
    gaps = [later - earlier for earlier, later in itertools.pairwise(offsets)]
    assert all(abs(gap - step) <= 1.5 for gap in gaps), "not evenly spread"
    assert max(Counter(offsets).values()) == 1  # never two regions in the same second


def test_the_nightly_run_reads_its_window_and_year_from_the_settings(
    db, region_a, no_pending, settings
):
    settings.SNAPSHOT_NIGHTLY_WINDOW_MINUTES = 1
    Region.objects.exclude(province_id=region_a.province_id).update(is_active=False)
    Region.objects.filter(province_id=region_a.province_id).update(is_active=True)
    active = Region.objects.filter(is_active=True).count()
    assert active > 10
    start = timezone.now()

    assert queue_all_snapshots() == active
    rows = PendingEffect.objects.filter(effect=SNAPSHOT)
    assert {row.year for row in rows} == {current_year()}
    per_second = Counter(int((row.due_at - start).total_seconds()) for row in rows)
    assert max(per_second) < 60
    assert max(per_second.values()) <= -(-active // 60) + 1


def test_beat_sweeps_often_and_spreads_the_nightly_run_at_half_past_one():
    from lumbung.celery import app

    schedule = django_settings.CELERY_BEAT_SCHEDULE
    assert schedule["nightly-index-snapshots"]["task"] == "rankings.queue_nightly_snapshots"
    assert schedule["nightly-index-snapshots"]["schedule"] == crontab(hour=1, minute=30)
    assert schedule["pipeline-sweep"]["task"] == "pipeline.run_due_effects"
    assert schedule["pipeline-sweep"]["schedule"] == django_settings.PIPELINE_SWEEP_SECONDS <= 60
    assert django_settings.CELERY_TIMEZONE == "Asia/Jakarta"
    app.loader.import_default_modules()  # what a worker does as it starts
    assert {"rankings.queue_nightly_snapshots", "pipeline.run_due_effects"} <= set(app.tasks)
    # No countdown waits in the broker any more: a message held by a dead worker comes back in
    # minutes.
    assert django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= 600
