"""Conditional reads for the whole API: a client that keeps a copy asks again with what it holds
and gets `304 Not Modified`, without a body, when nothing changed.

Every successful GET or HEAD under /api/ carries an `ETag` (a hash of the body); one object that
says when it last changed (`updated_at`) also a `Last-Modified`. A matching `If-None-Match` (or,
without one, an `If-Modified-Since` not older than that) is answered 304. A list gets no
Last-Modified: the newest row it shows does not date a deletion, its ETag does. Answers the
public page cache already validates (core.public_cache) keep their own validators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date


class ApiConditionalGetMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or not request.path.startswith("/api/")
            or not isinstance(response, HttpResponse)
            or response.status_code != 200
            or response.has_header("ETag")
        ):
            return response
        changed = last_changed(getattr(response, "data", None))
        if changed is not None:
            response.headers["Last-Modified"] = http_date(changed.timestamp())
        set_response_etag(response)
        return (
            get_conditional_response(
                request,
                etag=response.headers["ETag"],
                last_modified=int(changed.timestamp()) if changed is not None else None,
                response=response,
            )
            or response
        )


def last_changed(data: Any) -> datetime | None:
    """When one object last changed (None for a list, or an object without `updated_at`)."""
    if not isinstance(data, dict) or "results" in data:
        return None
    value = data.get("updated_at")
    return parse_datetime(value) if isinstance(value, str) else None
