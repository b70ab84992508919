"""A real Celery worker process runs a task inside the right region schema."""

from __future__ import annotations

import time
import uuid

import pytest
from django.core.cache import cache
from django_tenants.utils import tenant_context

from core.models import AuditEvent
from lumbung.celery import HEARTBEAT_KEY
from regions.models import Region
from tenants.organization.models import OpdUnit
from tenants.organization.standard_units import STANDARD_UNITS
from tenants.organization.tasks import add_standard_units_task
from tests.conftest import REGION_A, REGION_B, assert_test_database
from tests.live import celery_worker


@pytest.mark.worker
def test_a_worker_process_adds_standard_units_in_the_region_schema_only(
    django_db_setup, django_db_blocker
):
    queue = f"lumbung-test-{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        assert_test_database()
        region, other = Region.objects.get(slug=REGION_A), Region.objects.get(slug=REGION_B)
        try:
            with celery_worker(queue):
                # Queued from inside another region's context on purpose: the task must work in
                # the schema it is given, not the one it was sent from.
                with tenant_context(other):
                    result = add_standard_units_task.apply_async(
                        args=[region.schema_name], queue=queue
                    )
                outcome = result.get(timeout=90)
                assert outcome == {
                    "schema": region.schema_name,
                    "added": len(STANDARD_UNITS),
                    "total": len(STANDARD_UNITS),
                }
                with tenant_context(region):
                    assert OpdUnit.objects.filter(short_name="Bappeda").exists()
                with tenant_context(other):
                    assert not OpdUnit.objects.filter(short_name="Bappeda").exists()

                # Idempotent: a retried task adds nothing.
                again = add_standard_units_task.apply_async(
                    args=[region.schema_name], queue=queue
                ).get(timeout=60)
                assert again["added"] == 0

                # The worker's heartbeat reaches /healthz.
                deadline = time.monotonic() + 20
                while not list(
                    cache._cache.get_client(None).scan_iter(
                        match=cache.make_key(HEARTBEAT_KEY.format(hostname="*"))
                    )
                ):
                    assert time.monotonic() < deadline, "no worker heartbeat in Redis"
                    time.sleep(0.3)
        finally:
            with tenant_context(region):
                OpdUnit.objects.all().delete()
            AuditEvent.objects.filter(region=region, event_type="opd.standard_list_added").delete()
