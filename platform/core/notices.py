"""Telling named members of a region about something in the region's own work (a mention in a
discussion, a reminder to report, a jury assignment): the region capabilities ask for it here,
and the `notifications.notice` effect (replication.notifications.services.deliver_notice) turns
it into in-app notifications and e-mails after the change commits.

`title` is an Indonesian message marked with gettext_noop in the caller's module; it is
translated per recipient, with `params`. `source` names what the notice is about
("discussion-post:42"): one notification per person and source, however often it is applied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from pipeline.services import record

if TYPE_CHECKING:
    from regions.models import Region


def notify(
    *,
    region: Region,
    user_ids: Iterable[int],
    kind: str,
    title: str,
    params: Mapping[str, object] | None = None,
    path: str = "",
    body: str = "",
    source: str,
) -> None:
    """Promise the notice (call inside the transaction of the change it is about)."""
    recipients = sorted({int(user_id) for user_id in user_ids})
    if not recipients:
        return
    record(
        "notifications.notice",
        region=region,
        target=source,
        payload={
            "user_ids": recipients,
            "kind": kind,
            "title": title,
            "params": {key: str(value) for key, value in (params or {}).items()},
            "path": path,
            "body": body[:2000],
        },
    )
