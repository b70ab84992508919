from __future__ import annotations

from django.core.cache import cache
from django.test import Client

from lumbung.celery import HEARTBEAT_KEY


def test_healthz_reports_database_redis_and_workers(db):
    cache.delete(HEARTBEAT_KEY.format(hostname="celery@test"))
    body = Client(HTTP_HOST="localhost").get("/healthz").json()
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"]["status"] == "ok"

    cache.set(HEARTBEAT_KEY.format(hostname="celery@test"), "alive", timeout=30)
    try:
        body = Client(HTTP_HOST="localhost").get("/healthz").json()
        assert body["checks"]["worker"]["status"] == "ok"
        assert "celery@test" in body["checks"]["worker"]["workers"]
    finally:
        cache.delete(HEARTBEAT_KEY.format(hostname="celery@test"))


def test_health_is_served_on_region_hosts_and_the_api(region_a):
    region_health = Client(HTTP_HOST="banjar.localhost").get("/healthz")
    assert (
        region_health.status_code == 200
    )  # database and Redis are up; a missing worker only degrades
    assert set(region_health.json()["checks"]) == {"database", "redis", "worker"}
    assert Client(HTTP_HOST="localhost").get("/api/v1/health/").json()["status"] in (
        "ok",
        "degraded",
    )


def test_redis_down_is_reported_as_down(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = Client(HTTP_HOST="localhost").get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["status"] == "down"
