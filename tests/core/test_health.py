"""/healthz and /api/v1/health/: a verdict per moving part for everyone; timings, worker names,
backlog figures and error texts only for platform admins and probes on the machine itself."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.test import Client

from lumbung.celery import HEARTBEAT_KEY
from pipeline.models import PendingEffect
from pipeline.services import record

OUTSIDE = "203.0.113.5"  # a documentation address: a visitor, not this machine


def test_healthz_reports_database_redis_workers_and_effects_in_detail_locally(db):
    cache.delete(HEARTBEAT_KEY.format(hostname="celery@test"))
    body = Client(HTTP_HOST="localhost").get("/healthz").json()  # the test client is 127.0.0.1
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["redis"]["status"] == "ok"
    assert body["checks"]["effects"]["status"] == "ok" and "pending" in body["checks"]["effects"]

    cache.set(HEARTBEAT_KEY.format(hostname="celery@test"), "alive", timeout=30)
    try:
        body = Client(HTTP_HOST="localhost").get("/healthz").json()
        assert body["checks"]["worker"]["status"] == "ok"
        assert "celery@test" in body["checks"]["worker"]["workers"]
    finally:
        cache.delete(HEARTBEAT_KEY.format(hostname="celery@test"))


def test_visitors_get_the_verdict_only(db, personas):
    visitor = Client(HTTP_HOST="localhost", REMOTE_ADDR=OUTSIDE).get("/healthz").json()
    assert set(visitor["checks"]) == {"database", "redis", "worker", "effects", "schemas"}
    assert all(set(check) == {"status"} for check in visitor["checks"].values())
    admin = Client(HTTP_HOST="localhost", REMOTE_ADDR=OUTSIDE)
    admin.force_login(personas.platform_admin)
    assert "ms" in admin.get("/healthz").json()["checks"]["database"]
    region_admin = Client(HTTP_HOST="localhost", REMOTE_ADDR=OUTSIDE)
    region_admin.force_login(personas.admin_a)
    assert "ms" not in region_admin.get("/healthz").json()["checks"]["database"]


def test_behind_a_proxy_the_forwarded_visitor_is_not_local(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = Client(HTTP_HOST="localhost", HTTP_X_FORWARDED_FOR=OUTSIDE).get("/healthz")
    assert "ms" not in proxied.json()["checks"]["database"]


def test_health_is_served_on_region_hosts_and_the_api(region_a):
    region_health = Client(HTTP_HOST="banjar.localhost").get("/healthz")
    # Database and Redis are up; a missing worker only degrades.
    assert region_health.status_code == 200
    assert set(region_health.json()["checks"]) == {
        "database",
        "redis",
        "worker",
        "effects",
        "schemas",
    }
    assert Client(HTTP_HOST="localhost").get("/api/v1/health/").json()["status"] in (
        "ok",
        "degraded",
    )


def test_overdue_effects_degrade_the_health(db):
    from datetime import timedelta

    from django.utils import timezone

    record("catalog.region", region=1, due_at=timezone.now() - timedelta(hours=1))
    body = Client(HTTP_HOST="localhost").get("/healthz").json()
    assert (
        body["status"] in ("degraded", "down") and body["checks"]["effects"]["status"] == "degraded"
    )
    assert body["checks"]["effects"]["overdue"] == 1
    PendingEffect.objects.all().delete()


def test_redis_down_is_503_and_names_no_host_port_or_error_to_visitors(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    for path in ("/healthz", "/api/v1/health/"):
        response = Client(HTTP_HOST="localhost", REMOTE_ADDR=OUTSIDE).get(path)
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "down" and body["checks"]["redis"] == {"status": "down"}
        text = json.dumps(body)
        assert "127.0.0.1" not in text and ":1" not in text and "Error" not in text
    local = Client(HTTP_HOST="localhost").get("/healthz").json()
    assert "Error" in local["checks"]["redis"]["error"]  # the operator on the machine sees why
