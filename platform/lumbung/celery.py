"""The Celery app. Tasks run in the schema of the region that queued them (tenant-schemas-celery
puts the schema name in the message headers); the pipeline's task runs in the public schema and
enters each region's schema on purpose."""

from __future__ import annotations

import logging
import os
import threading

from tenant_schemas_celery.app import CeleryApp

from celery import signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lumbung.settings")

app = CeleryApp("lumbung")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

HEARTBEAT_KEY = "lumbung:worker-heartbeat:{hostname}"
logger = logging.getLogger(__name__)
_stop = threading.Event()


def heartbeat_loop(hostname: str, interval: float, stop: threading.Event) -> None:
    """Leave a short-lived key in Redis every `interval` seconds until `stop` is set. A failed
    write (Redis down, restarting) is skipped, never fatal: the next beat writes again, so
    /healthz sees the worker as soon as Redis is back."""
    from django.core.cache import cache

    key = HEARTBEAT_KEY.format(hostname=hostname)
    while not stop.is_set():
        try:
            cache.set(key, "alive", timeout=int(interval * 3))
        except Exception:  # the cache already fails open; anything else must not kill the loop
            logger.warning("worker heartbeat not written", exc_info=True)
        stop.wait(interval)


@signals.worker_ready.connect
def _start_heartbeat(sender=None, **_kwargs) -> None:
    """Every few seconds the worker leaves a short-lived key in Redis, so /healthz can tell
    whether a worker is alive without a broadcast round trip."""
    from django.conf import settings

    hostname = getattr(sender, "hostname", "worker")
    threading.Thread(
        target=heartbeat_loop,
        args=(hostname, settings.WORKER_HEARTBEAT_SECONDS, _stop),
        name="lumbung-heartbeat",
        daemon=True,
    ).start()


@signals.worker_shutdown.connect
def _stop_heartbeat(sender=None, **_kwargs) -> None:
    _stop.set()
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY.format(hostname=getattr(sender, "hostname", "worker")))
