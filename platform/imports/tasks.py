"""The daily clean-up of import runs (an abandoned preview does not keep its file for ever) and
the hourly one of export jobs past their keeping time."""

from __future__ import annotations

from celery import shared_task

from imports.exports import prune_expired_exports
from imports.runs import forget_stale_runs


@shared_task(name="imports.forget_stale_runs", ignore_result=True)
def forget_stale_runs_task() -> int:
    return forget_stale_runs()


@shared_task(name="imports.prune_export_jobs", ignore_result=True)
def prune_export_jobs_task() -> int:
    """Export jobs past EXPORT_KEEP_HOURS go, with their files."""
    return prune_expired_exports()
