"""The nightly catch-up of index snapshots.

Beat runs `queue_nightly_snapshots` at 01:30. It records one `rankings.snapshot` effect per
active region, their due times spread evenly over SNAPSHOT_NIGHTLY_WINDOW_MINUTES, so the
database and the workers see a steady trickle instead of 552 recomputes at the same second. The
spread lives in the database (pipeline rows), not in broker countdowns: a worker restart or a
Redis restart in the night loses none of them."""

from __future__ import annotations

from celery import shared_task

from rankings.services import queue_all_snapshots


@shared_task(name="rankings.queue_nightly_snapshots", ignore_result=True)
def queue_nightly_snapshots() -> int:
    return queue_all_snapshots()
