"""The one task of the pipeline: run what is due. Beat sends it every PIPELINE_SWEEP_SECONDS
(the sweep) and the relay after each commit that recorded an urgent effect (the nudge); several
can run at once on different worker processes and share the work key by key.

It is acknowledged late and given back to the queue if its worker process dies, and it carries
an expiry, so runs queued while no worker was listening do not pile up: the next one does their
work. It keeps no result (the rows in the database say what is left)."""

from __future__ import annotations

from celery import shared_task


@shared_task(
    name="pipeline.run_due_effects",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def run_due_effects() -> dict[str, object]:
    from pipeline.relay import nudge
    from pipeline.runner import run_due

    report = run_due()
    if report.out_of_time:
        nudge()  # a backlog: carry on at once rather than at the next sweep
    return {"applied": report.applied, "failed": report.failed, "busy": report.busy}
