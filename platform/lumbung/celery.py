"""The Celery app. Tasks run in the schema of the region that queued them (tenant-schemas-celery
puts the schema name in the message headers); region tasks also take the schema explicitly."""

from __future__ import annotations

import os
import threading

from celery import signals
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lumbung.settings")

app = CeleryApp("lumbung")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

HEARTBEAT_KEY = "lumbung:worker-heartbeat:{hostname}"
_stop = threading.Event()


@signals.worker_ready.connect
def _start_heartbeat(sender=None, **_kwargs) -> None:
    """Every few seconds the worker leaves a short-lived key in Redis, so /healthz can tell
    whether a worker is alive without a broadcast round trip."""
    from django.conf import settings
    from django.core.cache import cache

    hostname = getattr(sender, "hostname", "worker")
    interval = settings.WORKER_HEARTBEAT_SECONDS

    def beat() -> None:
        while not _stop.is_set():
            cache.set(HEARTBEAT_KEY.format(hostname=hostname), "alive", timeout=interval * 3)
            _stop.wait(interval)

    threading.Thread(target=beat, name="lumbung-heartbeat", daemon=True).start()


@signals.worker_shutdown.connect
def _stop_heartbeat(sender=None, **_kwargs) -> None:
    _stop.set()
    from django.core.cache import cache

    cache.delete(HEARTBEAT_KEY.format(hostname=getattr(sender, "hostname", "worker")))
