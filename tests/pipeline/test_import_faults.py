"""A big import with a real worker, killed in the middle of applying it: nothing of the dead
attempt stays, and after a restart the file is applied exactly once."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Membership, Role, User
from imports.models import ImportKind, ImportRun, RunStatus
from imports.runs import confirm_run, start_run
from pipeline.models import PendingEffect
from tests.conftest import REGION_A, region_by_slug
from tests.live import (
    celery_beat,
    celery_worker,
    kill,
    pool_children,
    private_redis,
    second_connection,
    wait_until,
    waiting_on_lock,
)
from tests.pipeline.test_worker_faults import MAIL_DOMAIN, PREFIX, _queue, committed  # noqa: F401
from tests.spreadsheets.helpers import row, upload

pytestmark = pytest.mark.worker
ROWS = 3


def _run() -> ImportRun:
    return ImportRun.objects.get(filename="gangguan.xlsx")


def _imported() -> list[str]:
    from tenants.innovations.models import Innovation

    with tenant_context(region_by_slug(REGION_A)):
        return sorted(
            Innovation.objects.filter(name__startswith=f"{PREFIX} Impor").values_list(
                "name", flat=True
            )
        )


def test_a_worker_killed_while_applying_a_big_import_applies_it_once_after_a_restart(
    committed,  # noqa: F811
    settings,
):
    from tenants.organization.models import OpdUnit

    settings.IMPORT_BACKGROUND_ROWS = 1  # three rows are "big": a worker checks and applies
    region = region_by_slug(REGION_A)
    admin = User.objects.create_user(email=f"admin.impor@{MAIL_DOMAIN}", full_name="Admin Impor")
    Membership.objects.create(user=admin, region=region, role=Role.REGION_ADMIN)
    with tenant_context(region):
        OpdUnit.objects.create(name=f"{PREFIX} Dinas")
    rows = [row(name=f"{PREFIX} Impor {n}", opd=f"{PREFIX} Dinas") for n in range(ROWS)]
    run, errors = start_run(
        kind=ImportKind.INNOVATIONS,
        region=region,
        actor=admin,
        upload=upload(rows),
        filename="gangguan.xlsx",
    )
    assert run is not None and run.status == RunStatus.CHECKING, errors

    holder = second_connection()
    queue = _queue()
    try:
        with private_redis() as redis:
            env = {"REDIS_URL": redis.url, "CACHE_KEY_PREFIX": queue}
            with celery_beat(queue, **env):
                with celery_worker(queue, **env) as worker:
                    wait_until(
                        lambda: _run().status == RunStatus.PREVIEWED, 60, "the worker's check"
                    )
                    # The apply will stop at its reports, after writing the innovations.
                    holder.execute(
                        f'LOCK TABLE "{region.schema_name}".assessment_report IN EXCLUSIVE MODE'
                    )
                    outcome = confirm_run(_run(), admin, {})
                    assert outcome.queued
                    wait_until(
                        lambda: waiting_on_lock("assessment_report"), 60, "the apply to start"
                    )
                    for child in pool_children(worker):
                        kill(child)
                    kill(worker.pid)
                holder.rollback()  # the dead attempt's transaction ended with its connection
                assert _imported() == []
                assert _run().status == RunStatus.APPLYING
                with celery_worker(queue, **env):  # the operator restarts it
                    wait_until(lambda: _run().status == RunStatus.APPLIED, 60, "the apply")
                    wait_until(
                        lambda: not PendingEffect.objects.filter(effect="imports.run").exists(),
                        30,
                        "the effect to be done",
                    )
    finally:
        holder.close()
    assert _imported() == [f"{PREFIX} Impor {n}" for n in range(ROWS)]
    assert _run().result["created"] == ROWS
