"""`Idempotency-Key` on the API's POSTs: a client that did not get an answer (a timeout, a lost
connection) sends the same request again with the same key, and the work is done once.

- The first request with a key runs inside one transaction together with the row that records
  its answer (core.models.IdempotentRequest): a success commits both, anything else (an error,
  a refusal, a process killed midway) leaves neither, so the request may simply be sent again.
- The same key again, with the same request (method, address, content type and body), gets the
  stored answer (`Idempotent-Replayed: true`) without doing anything. Sent while the first is
  still running, it waits for it (the key's row is locked until the first commits).
- The same key with another request is a 422: a key names one request.

Keys belong to whoever sends them (the credentials, or the signed-in session) on one host, and
are kept for IDEMPOTENCY_KEEP_HOURS (a day)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, RawPostDataException
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api_errors import api_error_response
from core.models import IdempotentRequest

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as the draft standard allows


class IdempotencyKeyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not KEY_PATTERN.match(key):
            return api_error_response(
                400,
                "invalid_idempotency_key",
                _("Idempotency-Key harus 1 sampai 255 karakter ASCII yang terlihat."),
            )
        owner, fingerprint = _owner(request), _fingerprint(request)
        stored = _stored(owner, key)
        if stored is not None:
            return _replay(stored, fingerprint)
        try:
            with transaction.atomic():
                record = IdempotentRequest.objects.create(
                    key=key, owner=owner, fingerprint=fingerprint, status=0, body=b""
                )
                response = self.get_response(request)
                if not _kept(response):
                    transaction.set_rollback(True)
                    return response
                assert isinstance(response, HttpResponse)  # _kept says so
                record.status = response.status_code
                record.content_type = response.get("Content-Type", "")
                record.body = bytes(response.content)
                record.save(update_fields=["status", "content_type", "body"])
        except IntegrityError:
            # The same key was used by a request that committed while this one ran.
            stored = _stored(owner, key)
            if stored is None:
                raise
            return _replay(stored, fingerprint)
        return response


def _kept(response: HttpResponseBase) -> bool:
    """Only a success is kept: a refusal did nothing, and sending again may succeed."""
    return isinstance(response, HttpResponse) and 200 <= response.status_code < 300


def _stored(owner: str, key: str) -> IdempotentRequest | None:
    since = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_KEEP_HOURS)
    return IdempotentRequest.objects.filter(owner=owner, key=key, created_at__gte=since).first()


def _replay(stored: IdempotentRequest, fingerprint: str) -> HttpResponse:
    if stored.fingerprint != fingerprint:
        return api_error_response(
            422,
            "idempotency_key_reused",
            _(
                "Idempotency-Key ini sudah dipakai untuk permintaan lain; pakai kunci baru untuk "
                "permintaan yang berbeda."
            ),
        )
    response = HttpResponse(bytes(stored.body), status=stored.status)
    if stored.content_type:
        response["Content-Type"] = stored.content_type
    response["Idempotent-Replayed"] = "true"
    return response


def _owner(request: HttpRequest) -> str:
    """Whose key: the credentials sent (hashed), else the signed-in user, on this host."""
    credentials = request.headers.get("Authorization")
    user = getattr(request, "user", None)
    if credentials:
        who = "credentials:" + hashlib.sha256(credentials.encode()).hexdigest()
    elif user is not None and user.is_authenticated:
        who = f"user:{user.pk}"
    else:
        who = "anonymous"
    return f"{request.get_host().lower()}|{who}"[:300]


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path(), request.content_type or ""):
        digest.update(part.encode() + b"\0")
    try:
        digest.update(request.body)
    except (RequestDataTooBig, RawPostDataException):
        # Too big to hold in memory (a large upload, which api.contract may have begun reading
        # for its fields): its length stands for it.
        digest.update(request.META.get("CONTENT_LENGTH", "").encode())
    return digest.hexdigest()
