"""POSTing one delivery: the handler of the pipeline effect `webhooks.deliver` (target: the
delivery's id).

It runs while the pipeline holds the delivery's key, and records the attempt in the runner's
transaction. A delivery already delivered (or given up) is never POSTed again, however often the
effect runs. A crash after the receiver answered but before the commit sends it once more: the
receiver recognises it by its event id (`Lumbung-Event-Id`, the body's `id`).

A failed attempt (no answer, or not 2xx) waits RETRY_SCHEDULE[n] seconds after the n-th one: the
effect is recorded again, due then. After the last one the delivery is marked failed. The
request goes to the addresses the target check (webhooks.targets) just approved, never follows a
redirect, and reads at most a few KB of the answer."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone

from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.targets import resolve

if TYPE_CHECKING:
    from pipeline.runner import Job

USER_AGENT = "LumbungInovasi-Webhooks/1"
TIMEOUT_SECONDS = 5.0
READ_LIMIT = 4096
# Seconds to wait after the 1st, 2nd, ... failed attempt; after one more the delivery fails.
RETRY_SCHEDULE: tuple[int, ...] = (60, 300, 1800, 7200, 43200)
MAX_ATTEMPTS = len(RETRY_SCHEDULE) + 1


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def signature(secret: str, timestamp: int, raw_body: bytes) -> str:
    """The `Lumbung-Signature` header: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address the target check approved, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), TIMEOUT_SECONDS)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), TIMEOUT_SECONDS)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, raw_body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST once; (status code, the first KB of the answer). Raises OSError, http.client's
    errors or a ValidationError (the target may not be used) when there is no answer."""
    host, port, addresses = resolve(url)
    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = cls(host, port, addresses[0])
    try:
        connection.request("POST", path, body=raw_body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(READ_LIMIT).decode("utf-8", "replace")
        return response.status, excerpt
    finally:
        connection.close()


def deliver(job: Job) -> None:
    delivery = (
        WebhookDelivery.objects.select_related("subscription")
        .filter(pk=int(job.target), status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None:
        return  # delivered or given up already, or its subscription was deleted
    subscription = delivery.subscription
    if not subscription.is_active:
        return  # paused: left pending; "send a test event" or a new event shows it again
    raw_body = encode(delivery.payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Lumbung-Event-Id": str(delivery.event_id),
        "Lumbung-Event-Type": delivery.event_type,
        "Lumbung-Signature": signature(subscription.secret, timestamp, raw_body),
    }
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    try:
        status, excerpt = post(subscription.url, raw_body, headers)
    except ValidationError as exc:
        delivery.last_status_code = None
        delivery.last_error = " ".join(exc.messages)[:2000]
    except (OSError, http.client.HTTPException) as exc:
        delivery.last_status_code = None
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    else:
        delivery.last_status_code = status
        if 200 <= status < 300:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
            delivery.save()
            return
        delivery.last_error = f"HTTP {status}: {excerpt[:500]}"
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        delivery.save()
        return
    delivery.next_attempt_at = now + timedelta(seconds=RETRY_SCHEDULE[delivery.attempts - 1])
    delivery.save()
    _again(delivery)


def _again(delivery: WebhookDelivery) -> None:
    from pipeline.services import record

    record("webhooks.deliver", target=delivery.pk, due_at=delivery.next_attempt_at)
