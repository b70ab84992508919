"""Health of the platform's moving parts: database, Redis, Celery workers."""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import connection

from lumbung.celery import HEARTBEAT_KEY


def _timed(check) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check()
        status = "ok"
    except Exception as exc:
        detail = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        status = "down"
    return {
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        **(detail or {}),
    }


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _redis() -> dict[str, Any]:
    client = cache._cache.get_client(
        None, write=True
    )  # the django-redis-style client of RedisCache
    client.ping()
    return {}


def _workers() -> dict[str, Any]:
    client = cache._cache.get_client(None, write=False)
    pattern = cache.make_key(HEARTBEAT_KEY.format(hostname="*"))
    names = sorted(
        key.decode().rsplit(":", 1)[-1] for key in client.scan_iter(match=pattern, count=100)
    )
    if not names:
        raise RuntimeError("no worker heartbeat in the last 30 seconds")
    return {"workers": names}


def health_report() -> dict[str, Any]:
    """Overall status is `ok`, `degraded` (no worker: pages work, background jobs wait) or
    `down` (database or Redis unreachable)."""
    checks = {"database": _timed(_database), "redis": _timed(_redis)}
    checks["worker"] = _timed(_workers) if checks["redis"]["status"] == "ok" else {"status": "down"}
    if checks["database"]["status"] != "ok" or checks["redis"]["status"] != "ok":
        overall = "down"
    elif checks["worker"]["status"] != "ok":
        overall = "degraded"
    else:
        overall = "ok"
    return {"status": overall, "checks": checks}
