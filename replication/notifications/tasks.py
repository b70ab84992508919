"""The daily digest, started by beat at 07:00: it only records one digest effect per user
(replication.notifications.emails.queue_daily_digests); the pipeline sends them."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="notifications.queue_daily_digests", ignore_result=True)
def queue_daily_digests_task() -> int:
    from replication.notifications.emails import queue_daily_digests

    return queue_daily_digests()
