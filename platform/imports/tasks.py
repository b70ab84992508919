"""The daily clean-up of import runs: an abandoned preview does not keep its file for ever."""

from __future__ import annotations

from celery import shared_task

from imports.runs import forget_stale_runs


@shared_task(name="imports.forget_stale_runs", ignore_result=True)
def forget_stale_runs_task() -> int:
    return forget_stale_runs()
