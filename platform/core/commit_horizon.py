"""The commit horizon: the moment before which no row can still appear stamped.

A row is stamped (`updated_at`, a change's `at`) by the application when it is written, and
becomes visible only when its transaction commits, which may be later. A reader that asks again
"from the newest stamp I hold" would miss a row stamped earlier that committed after its read.
Every transaction that can still commit started after the horizon, so a row it writes is
stamped after it too; what is stamped before the horizon is all there will ever be."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection

# The application name of the connections that only hold a lock while long work runs elsewhere
# (pipeline.runner, an export's file): they never write, so their transactions, however long,
# cannot commit a row and do not hold the horizon back.
LOCK_HOLDER = "lumbung-lock-holder"


def settled_before() -> datetime:
    """The moment before which nothing more can appear: every row stamped before it is
    committed or rolled back. A transaction still running may yet commit a row stamped at its
    start or later, so the horizon is the start of the oldest running transaction (or now), less
    a margin for the clocks of the application servers (the stamps are their time)."""
    with connection.cursor() as cursor:
        # Statistics views are read once per transaction unless told otherwise.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT least(clock_timestamp(), coalesce(min(xact_start), clock_timestamp()))"
            " FROM pg_stat_activity"
            " WHERE datname = current_database() AND xact_start IS NOT NULL"
            " AND pid <> pg_backend_pid() AND application_name <> %s",
            [LOCK_HOLDER],
        )
        row = cursor.fetchone()
    assert row is not None
    return row[0] - timedelta(seconds=settings.CHANGE_FEED_SETTLE_SECONDS)
