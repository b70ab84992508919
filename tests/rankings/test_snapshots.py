"""Index snapshots: equal to a fresh computation, written atomically, and a failed recompute
keeps the previous snapshot."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rankings.models import IndexSnapshot
from rubric.years import current_year
from tenants.scoring import snapshot as snapshot_module
from tenants.scoring.snapshot import figures, refresh
from tests.effects import apply_effects
from tests.replication.helpers import published_entry, verified_innovation


def test_a_snapshot_equals_a_fresh_computation(personas, region_a):
    verified_innovation(region_a, personas.admin_a, personas.opd_a, name="Inovasi Satu")
    verified_innovation(region_a, personas.admin_a, personas.opd_a, name="Inovasi Dua")
    year = current_year()
    snapshot = refresh(region_a, year)
    fresh = figures(region_a, year)
    stored = {key: getattr(snapshot, key) for key in fresh}
    assert stored == fresh
    assert snapshot.innovations == 2 and snapshot.index > 0
    assert snapshot.by_status == {"verified": 2}


def test_a_failed_recompute_keeps_the_previous_snapshot(personas, region_a, monkeypatch):
    verified_innovation(region_a, personas.admin_a, personas.opd_a)
    year = current_year()
    before = refresh(region_a, year)

    def broken(region, year):
        raise RuntimeError("schema unavailable")

    monkeypatch.setattr(snapshot_module, "figures", broken)
    with pytest.raises(RuntimeError):
        refresh(region_a, year)
    after = IndexSnapshot.objects.get(region=region_a, year=year)
    assert (after.index, after.computed_at) == (before.index, before.computed_at)


def test_the_command_refreshes_named_regions_and_the_catalog_standing(personas, region_a):
    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    type(entry).objects.filter(pk=entry.pk).update(region_predicate="", region_index=0)
    call_command("refresh_snapshots", region_a.slug, "--no-progress")
    snapshot = IndexSnapshot.objects.get(region=region_a, year=current_year())
    apply_effects()  # the catalog entries follow through their effect
    entry.refresh_from_db()
    assert entry.region_predicate == snapshot.predicate_code
    assert entry.region_index == snapshot.index
    with pytest.raises(CommandError):
        call_command("refresh_snapshots", "--year", "1999", "--no-progress")


def test_an_older_recompute_never_overwrites_a_newer_snapshot(personas, region_a):
    from datetime import timedelta

    from django.utils import timezone

    verified_innovation(region_a, personas.admin_a, personas.opd_a)
    year = current_year()
    newer = refresh(region_a, year)
    later = timezone.now() + timedelta(minutes=5)  # as if a run that started later had written
    IndexSnapshot.objects.filter(pk=newer.pk).update(computed_at=later, index=42)
    kept = refresh(region_a, year)
    assert (kept.computed_at, kept.index) == (later, 42)


def test_the_catalog_shows_the_public_standing_not_work_in_progress(personas, region_a):
    from django_tenants.utils import tenant_context

    from tenants.assessment.workflow import report_reopen
    from tests.registry.helpers import current_report

    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    # A verified innovation reopened for correction keeps its accepted evidence: it still
    # counts in the region's own estimate, but no longer in what the public sees.
    reopened = verified_innovation(region_a, personas.admin_a, personas.opd_a, name="Dibuka")
    report = current_report(region_a, reopened)
    with tenant_context(region_a):
        report_reopen(region=region_a, actor=personas.admin_a, report=report, reason="Perbaikan")
    apply_effects()  # the snapshot, then the catalog standing it moved
    snapshot = IndexSnapshot.objects.get(region=region_a, year=current_year())
    entry.refresh_from_db()
    assert snapshot.innovations == 2 and snapshot.innovations_verified == 1
    assert snapshot.index > snapshot.verified_index
    assert entry.region_index == snapshot.verified_index
    assert entry.region_predicate == snapshot.verified_predicate_code


def test_a_past_years_recompute_leaves_the_catalog_standing_alone(personas, region_a):
    from pipeline.models import PendingEffect
    from tenants.scoring.snapshot import refresh

    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    type(entry).objects.filter(pk=entry.pk).update(region_index=77, region_predicate="x")
    IndexSnapshot.objects.filter(region=region_a).delete()
    past = refresh(region_a, 2023)
    assert past is not None and past.year == 2023
    assert not PendingEffect.objects.filter(effect="catalog.standing").exists()
    entry.refresh_from_db()
    assert (entry.region_index, entry.region_predicate) == (77, "x")
    now = refresh(region_a, current_year())  # a new current standing: the catalog follows
    apply_effects()
    entry.refresh_from_db()
    assert (entry.region_index, entry.region_predicate) == (
        now.verified_index,
        now.verified_predicate_code,
    )
