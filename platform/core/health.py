"""Health of the platform's moving parts: database, Redis, Celery workers and the effect
pipeline's backlog.

Everyone gets the verdict (`ok`, `degraded`, `down`) per part; only platform admins and a probe
on the machine itself (a container health check, an operator's curl on the host) get the
details — timings, worker names, backlog figures and error texts, which can name internal hosts
and ports."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpRequest

from lumbung.celery import HEARTBEAT_KEY

OK, DEGRADED, DOWN = "ok", "degraded", "down"


def _timed(check: Callable[[], dict[str, Any] | None]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        detail = check() or {}
        status = detail.pop("status", OK)
    except Exception as exc:
        detail = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        status = DOWN
    return {"status": status, "ms": round((time.perf_counter() - started) * 1000, 1), **detail}


def _database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _redis_cache() -> RedisCache:
    """The default cache, which is Redis (settings.CACHES: core.cache.ResilientRedisCache)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        raise RuntimeError("the default cache is not Redis")
    return backend


def _redis() -> dict[str, Any]:
    # Straight to the client: the cache itself answers as empty when Redis is unreachable.
    _redis_cache()._cache.get_client(None, write=True).ping()
    return {}


def _workers() -> dict[str, Any]:
    client = _redis_cache()._cache.get_client(None, write=False)
    pattern = cache.make_key(HEARTBEAT_KEY.format(hostname="*"))
    names = sorted(
        key.decode().rsplit(":", 1)[-1] for key in client.scan_iter(match=pattern, count=100)
    )
    if not names:
        raise RuntimeError("no worker heartbeat in the last 30 seconds")
    return {"workers": names}


def _effects() -> dict[str, Any]:
    from pipeline.selectors import backlog

    figures = backlog()
    return {
        "status": OK if figures.healthy else DEGRADED,
        "pending": figures.pending,
        "overdue": figures.overdue,
        "failing": figures.failing,
        "most_attempts": figures.most_attempts,
        "oldest_due": figures.oldest_due.isoformat() if figures.oldest_due else None,
    }


def _schemas() -> dict[str, Any]:
    from regions.schema_versions import counts

    figures = counts()
    # Lagging regions are served the "pembaruan sedang berlangsung" page: the site is up, those
    # regions wait (during a roll-out, or until a failed migration is retried).
    return {
        "status": OK if not figures.lagging else DEGRADED,
        "lagging": figures.lagging,
        "failed": figures.failed,
        "ready": figures.ready,
    }


def health_report(*, details: bool = False) -> dict[str, Any]:
    """Overall `ok`; `degraded` (pages work, background work waits: no worker, or effects
    overdue; or some regions' schemas lag behind the code and those regions show the upgrade
    page); or `down` (database or Redis unreachable)."""
    checks = {"database": _timed(_database), "redis": _timed(_redis)}
    checks["worker"] = _timed(_workers) if checks["redis"]["status"] == OK else {"status": DOWN}
    checks["effects"] = _timed(_effects) if checks["database"]["status"] == OK else {"status": DOWN}
    checks["schemas"] = _timed(_schemas) if checks["database"]["status"] == OK else {"status": DOWN}
    if checks["database"]["status"] != OK or checks["redis"]["status"] != OK:
        overall = DOWN
    elif any(check["status"] != OK for check in checks.values()):
        overall = DEGRADED
    else:
        overall = OK
    if not details:
        checks = {name: {"status": check["status"]} for name, check in checks.items()}
    return {"status": overall, "checks": checks}


def may_see_details(request: HttpRequest) -> bool:
    """Platform admins, and requests from this machine (no proxy in between)."""
    from accounts.client_ip import client_ip
    from accounts.policy import is_platform_admin

    if is_platform_admin(getattr(request, "user", None)):
        return True
    try:
        return ipaddress.ip_address(client_ip(request) or "").is_loopback
    except ValueError:
        return False
