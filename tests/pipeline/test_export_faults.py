"""An export job with a real worker: asked for while no message reaches any worker (as with
Redis down), found by the sweep; the worker killed while it claims the job, or later while it
writes the file; after a restart the file is written once and the job is done."""

from __future__ import annotations

import pytest

from accounts.models import Membership, Role, User
from imports.exports import delete_export, start_export
from imports.models import ExportJob, ExportKind, ExportStatus
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
from tests.pipeline.test_worker_faults import MAIL_DOMAIN, _queue, committed  # noqa: F401

pytestmark = pytest.mark.worker


def _job(pk: int) -> ExportJob:
    return ExportJob.objects.get(pk=pk)


# Where the worker is stopped (what another session holds), and what the job says meanwhile.
STOPS = {
    # Claiming the job: at its row lock, inside the claim's short transaction.
    "claiming the job": (
        "SELECT 1 FROM imports_exportjob WHERE id = {job} FOR UPDATE",
        "imports_exportjob",
        ExportStatus.QUEUED,
    ),
    # Reading the region's innovations for the file, after the claim committed "running", with
    # no transaction of its own open.
    "writing the file": (
        'LOCK TABLE "{schema}".innovations_innovation IN ACCESS EXCLUSIVE MODE',
        "innovations_innovation",
        ExportStatus.RUNNING,
    ),
}


@pytest.mark.parametrize("stop", list(STOPS))
def test_a_worker_killed_while_it_holds_an_export_writes_it_once_after_a_restart(
    committed,  # noqa: F811
    stop,
):
    statement, table, left = STOPS[stop]
    region = region_by_slug(REGION_A)
    admin = User.objects.create_user(email=f"admin.ekspor@{MAIL_DOMAIN}", full_name="Admin")
    Membership.objects.create(user=admin, region=region, role=Role.REGION_ADMIN)
    # Committed; its after-commit nudge goes to the suite's queue, which no worker serves.
    job = start_export(
        kind=ExportKind.INNOVATIONS, region=region, actor=admin, file_type="csv", parameters={}
    )
    holder = second_connection()
    queue = _queue()
    try:
        holder.execute(statement.format(job=job.pk, schema=region.schema_name))
        with private_redis() as redis:
            env = {"REDIS_URL": redis.url, "CACHE_KEY_PREFIX": queue}
            with celery_beat(queue, **env):
                with celery_worker(queue, **env) as worker:
                    wait_until(lambda: waiting_on_lock(table), 60, f"the worker {stop}")
                    assert _job(job.pk).status == left
                    for child in pool_children(worker):
                        kill(child)
                    kill(worker.pid)
                holder.rollback()
                assert _job(job.pk).status == left
                assert PendingEffect.objects.filter(effect="imports.export").exists()
                with celery_worker(queue, **env):  # the operator restarts it
                    wait_until(lambda: _job(job.pk).status == ExportStatus.DONE, 60, "the file")
                    wait_until(
                        lambda: not PendingEffect.objects.filter(effect="imports.export").exists(),
                        30,
                        "the effect to be done",
                    )
        done = _job(job.pk)
        _folders, files = done.file.storage.listdir(f"exports/{done.public_id}")
        assert files == [done.filename] and done.size
        with done.file.open("rb") as stored:
            assert stored.read().decode("utf-8-sig").startswith("No;")
    finally:
        holder.close()
        delete_export(job)  # and its file
