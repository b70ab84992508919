"""An export job with a real worker: asked for while no message reaches any worker (as with
Redis down), found by the sweep; the worker killed while it holds the job; after a restart the
file is written once and the job is done."""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection

from accounts.models import Membership, Role, User
from imports.exports import delete_export, start_export
from imports.models import ExportJob, ExportKind, ExportStatus
from pipeline.models import PendingEffect
from tests.conftest import REGION_A, region_by_slug
from tests.live import celery_beat, celery_worker, kill, pool_children, private_redis, wait_until
from tests.pipeline.test_worker_faults import MAIL_DOMAIN, _queue, committed  # noqa: F401

pytestmark = pytest.mark.worker


def _job(pk: int) -> ExportJob:
    return ExportJob.objects.get(pk=pk)


def _waiting_on_the_job(database: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
            "AND wait_event_type = 'Lock' AND query ILIKE '%%imports_exportjob%%'",
            [database],
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_while_holding_an_export_writes_it_once_after_a_restart(
    committed,  # noqa: F811
):
    region = region_by_slug(REGION_A)
    admin = User.objects.create_user(email=f"admin.ekspor@{MAIL_DOMAIN}", full_name="Admin")
    Membership.objects.create(user=admin, region=region, role=Role.REGION_ADMIN)
    # Committed; its after-commit nudge goes to the suite's queue, which no worker serves.
    job = start_export(
        kind=ExportKind.INNOVATIONS, region=region, actor=admin, file_type="csv", parameters={}
    )
    database = connection.settings_dict
    holder = psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"],
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        password=database["PASSWORD"] or None,
        autocommit=False,
    )
    queue = _queue()
    try:
        # The worker will stop at the job's row lock, inside its transaction.
        holder.execute("SELECT 1 FROM imports_exportjob WHERE id = %s FOR UPDATE", [job.pk])
        with private_redis() as redis:
            env = {"REDIS_URL": redis.url, "CACHE_KEY_PREFIX": queue}
            with celery_beat(queue, **env):
                with celery_worker(queue, **env) as worker:
                    wait_until(lambda: _waiting_on_the_job(database["NAME"]), 60, "the sweep's run")
                    for child in pool_children(worker):
                        kill(child)
                    kill(worker.pid)
                holder.rollback()
                assert _job(job.pk).status == ExportStatus.QUEUED
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


def _waiting_on(database: str, table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
            "AND wait_event_type = 'Lock' AND query ILIKE %s",
            [database, f"%{table}%"],
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_while_writing_the_file_is_taken_over_after_a_restart(
    committed,  # noqa: F811
):
    """The worker claimed the job (committed "running") and is reading the region's innovations
    for the file, with no transaction of its own open, when it is killed: the job stays
    "running" with its effect due, and the restarted worker writes the file once."""
    region = region_by_slug(REGION_A)
    admin = User.objects.create_user(email=f"admin.ekspor2@{MAIL_DOMAIN}", full_name="Admin")
    Membership.objects.create(user=admin, region=region, role=Role.REGION_ADMIN)
    job = start_export(
        kind=ExportKind.INNOVATIONS, region=region, actor=admin, file_type="csv", parameters={}
    )
    database = connection.settings_dict
    holder = psycopg.connect(
        dbname=database["NAME"],
        user=database["USER"],
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        password=database["PASSWORD"] or None,
        autocommit=False,
    )
    queue = _queue()
    try:
        # The worker will stop when it reads the innovations, after claiming the job.
        holder.execute(
            f'LOCK TABLE "{region.schema_name}".innovations_innovation IN ACCESS EXCLUSIVE MODE'
        )
        with private_redis() as redis:
            env = {"REDIS_URL": redis.url, "CACHE_KEY_PREFIX": queue}
            with celery_beat(queue, **env):
                with celery_worker(queue, **env) as worker:
                    wait_until(
                        lambda: _waiting_on(database["NAME"], "innovations_innovation"),
                        60,
                        "the worker to read the innovations",
                    )
                    assert _job(job.pk).status == ExportStatus.RUNNING  # claimed, committed
                    for child in pool_children(worker):
                        kill(child)
                    kill(worker.pid)
                holder.rollback()
                assert _job(job.pk).status == ExportStatus.RUNNING
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
    finally:
        holder.close()
        delete_export(job)
