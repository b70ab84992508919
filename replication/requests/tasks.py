from __future__ import annotations

from celery import shared_task


@shared_task(name="replication.expire_requests")
def expire_requests_task() -> int:
    """Expire unanswered replication requests whose time ran out (daily, from beat)."""
    from replication.requests.services import expire_overdue

    return expire_overdue()
