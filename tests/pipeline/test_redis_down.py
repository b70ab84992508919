"""Redis unreachable, in one process: the cache answers as an empty cache, so pages, the API and
sign-in keep working; throttles let requests through while the login lock-out (in the database)
still holds; the region switcher refuses its one-time token rather than accepting it twice; the
worker's heartbeat loop outlives failed writes. (The same with real processes, Redis stopped and
started under a live server and worker: tests/pipeline/test_worker_faults.py.)"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield


def test_the_cache_answers_as_empty_and_quickly(redis_down):
    started = time.perf_counter()
    assert cache.get("kunci", "bawaan") == "bawaan"
    assert cache.add("kunci", 1) is False
    cache.set("kunci", 1)
    assert cache.get_many(["a", "b"]) == {}
    assert cache.incr("hitung") == 1
    assert cache.delete("kunci") is False
    for _ in range(100):  # after the first failure it does not even try for a moment
        cache.get("kunci")
    assert time.perf_counter() - started < 2


def test_pages_and_endpoints_answer(redis_down, personas, region_a, client_for, api_for):
    from tests.registry.helpers import make_innovation

    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    admin = client_for(personas.admin_a, region_a)
    for path in ("/", "/dasbor/", "/dasbor/siap-kirim/", f"/inovasi/{innovation.pk}/",
                 "/inovasi/", "/replikasi/", "/katalog/", "/peringkat/", "/notifikasi/"):  # fmt: skip
        assert admin.get(path).status_code == 200, path
    assert client_for(None).get("/katalog/").status_code == 200
    token = api_for(None).post(
        "/api/v1/auth/token/",
        {"email": "admin@banjar.test", "password": "Sandi-Uji-Coba-2026"},
        format="json",
    )
    assert token.status_code == 201
    assert (
        api_for(personas.admin_a, region_a, token=True).get("/api/v1/innovations/").status_code
        == 200
    )


def test_sign_in_works_and_the_lock_out_still_holds(redis_down, personas, region_a):
    client = Client(HTTP_HOST="banjar.localhost")
    good = client.post(
        "/akun/masuk/", {"username": "admin@banjar.test", "password": "Sandi-Uji-Coba-2026"}
    )
    assert good.status_code == 302
    stranger = Client(HTTP_HOST="banjar.localhost")
    for _ in range(5):
        stranger.post("/akun/masuk/", {"username": "verifikator@banjar.test", "password": "salah"})
    locked = stranger.post(
        "/akun/masuk/", {"username": "verifikator@banjar.test", "password": "Sandi-Uji-Coba-2026"}
    )
    assert locked.status_code == 429  # locked out: the failures are counted in the database
    api = Client(HTTP_HOST="localhost")
    refused = api.post(
        "/api/v1/auth/token/",
        {"email": "verifikator@banjar.test", "password": "Sandi-Uji-Coba-2026"},
        content_type="application/json",
    )
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "locked_out" and "token" not in refused.json()


def test_the_region_switch_token_is_refused_rather_than_reusable(redis_down, personas, region_a):
    from accounts.handoff import handoff_token_create, handoff_token_redeem

    token = handoff_token_create(user=personas.admin_a, region=region_a)
    assert handoff_token_redeem(token=token, region=region_a) is None


def test_the_worker_heartbeat_outlives_failed_writes(monkeypatch):
    from lumbung.celery import heartbeat_loop

    writes: list[str] = []

    def flaky_set(self, key, value, timeout=None, version=None):
        writes.append(key)
        if len(writes) <= 2:
            raise ConnectionError("Redis sedang mati")

    # On the class: the loop runs in a thread of its own, with its own cache connection.
    monkeypatch.setattr("core.cache.ResilientRedisCache.set", flaky_set)
    stop = threading.Event()
    loop = threading.Thread(target=heartbeat_loop, args=("celery@uji", 0.01, stop), daemon=True)
    loop.start()
    deadline = time.monotonic() + 5
    while len(writes) < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    loop.join(2)
    assert len(writes) >= 5  # kept beating after two failures
