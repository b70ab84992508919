"""Public pages and public API answers, kept for anonymous visitors and revalidated cheaply.

`public_cache(data)` wraps a view whose answer is the same for every anonymous visitor. For a
GET or HEAD without a session, a messages cookie or an Authorization header (nobody signed in):

- the answer is looked up in the shared cache (Redis) under a key made of what it depends on:
  the address (scheme, host, path, query with its parameters in a stable order), the active
  language, the htmx headers the views answer differently to, the day, the code release and the
  version of every table the page shows (`PublicData`). Versions are kept by the database
  (migration core.0002: triggers on the tables; the catalog has its own number), so a change
  reaches the next visitor at once; the copy's lifetime (`PUBLIC_CACHE_SECONDS`) only bounds
  what no version covers (a clock-dependent text) and the cache's size. Bodies larger than
  `PUBLIC_CACHE_MAX_BYTES` are never stored.
- every answer carries an `ETag` (a hash of the body) and a `Last-Modified` (when the stored copy
  was rendered, never before the data it shows), and a matching `If-None-Match` or
  `If-Modified-Since` is answered `304 Not Modified` (django.utils.cache).
- `Cache-Control: public, max-age=60, stale-while-revalidate=60` for answers without a form
  (the API, exports), `private, ...` for pages: every page holds a CSRF token (the language
  selector, htmx's header), which is the visitor's own. The shared copy never holds one: the page
  is rendered with a placeholder in place of the token (`csrf_placeholder`, a context processor)
  and each visitor's own token is put in as it is served. A view that handed out a real token
  anyway, set a cookie, wrote the session or queued a message is answered but never stored.

Signed-in visitors (and API clients sending credentials) never read or fill the shared copy and
get `Cache-Control: private, no-store`. When Redis is down the cache answers as empty
(core.cache), so pages are rendered as without it.

`PublicData(None)`-like use, `public_cache(None)`, is for pages whose data has no cheap version
(a region's own tables): they are never stored, but still get an ETag from the body and 304s."""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

if TYPE_CHECKING:
    from django.db.models import Model

# Request headers a public view may answer differently to (htmx asks for fragments). Anything a
# view varies on must be here or in the address.
VARIANT_HEADERS = (
    "HTTP_HX_REQUEST",
    "HTTP_HX_BOOSTED",
    "HTTP_HX_HISTORY_RESTORE_REQUEST",
    "HTTP_HX_TARGET",
    "HTTP_HX_TRIGGER",
    "HTTP_HX_TRIGGER_NAME",
)
# Headers of the view's answer that are not kept: they are set again for each visitor.
NOT_KEPT = {"set-cookie", "content-length", "etag", "last-modified", "cache-control", "expires"}
RENDERING_FLAG = "_public_cache_rendering"


@dataclass(frozen=True)
class PublicData:
    """What a public page shows, for its cache key: public tables (`models`, their versions read
    together in one query) and other version readers (`versions`, e.g. the catalog's number)."""

    models: tuple[type[Model], ...] = ()
    versions: tuple[Callable[[], object], ...] = ()

    def tables(self) -> list[str]:
        return sorted({model._meta.db_table for model in self.models})

    def version(self) -> str:
        parts = [str(read()) for read in self.versions]
        if self.models:
            parts.append(str(table_version(self.tables())))
        return ".".join(parts)

    def committed_version(self) -> str | None:
        """The version, or None when this transaction has written anything itself: what it sees
        may be rolled back, and another commit could then reach the same version number
        (core.versioned_memo)."""
        parts = [str(read()) for read in self.versions]
        total, written = _table_state(self.tables())
        return None if written else ".".join([*parts, str(total)])


def table_version(tables: list[str]) -> int:
    """The version of these public tables together: it rises with every committed change of any
    of them (migration core.0002)."""
    return _table_state(tables)[0]


def _table_state(tables: list[str]) -> tuple[int, bool]:
    """The tables' version, and whether this transaction has written anything itself."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n), 0), pg_current_xact_id_if_assigned() IS NOT NULL"
            " FROM public.core_public_data_version WHERE source = ANY(%s)",
            [tables],
        )
        row = cursor.fetchone()
    return (int(row[0]), bool(row[1])) if row else (0, False)


@dataclass(frozen=True)
class _Entry:
    status: int
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    rendered_at: int  # seconds since the epoch

    @property
    def personal(self) -> bool:
        """Holds a place for the visitor's CSRF token: only the visitor's browser may keep it."""
        return csrf_placeholder_bytes() in self.content


def public_cache(data: PublicData | None, *, api: bool = False) -> Callable:
    """Serve the view's anonymous answers from the shared cache, keyed by `data`'s versions,
    with conditional GET and Cache-Control (module docstring). `data=None`: never stored, only
    revalidated by the body's hash. `api`: a DRF view (its answer is rendered here; answers a
    browser's HTML preference asks for, the browsable API, are never kept)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if not is_anonymous(request) or (api and _prefers_html(request)):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_store=True)
                return response
            return _serve(request, view, args, kwargs, data)

        return wrapped

    return decorator


def is_anonymous(request: HttpRequest) -> bool:
    """Nobody signed in and nothing personal to show: no session (the session cookie is checked
    first, so this costs no query), no messages waiting, no credentials for the API."""
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _prefers_html(request: HttpRequest) -> bool:
    return "text/html" in request.META.get("HTTP_ACCEPT", "") or request.GET.get("format") == "api"


def shared_cache_on() -> bool:
    return settings.PUBLIC_CACHE_SECONDS > 0


def _serve(
    request: HttpRequest, view: Callable, args: tuple, kwargs: dict, data: PublicData | None
) -> HttpResponseBase:
    key = cache_key(request, data.version()) if data is not None and shared_cache_on() else None
    if key is not None:
        entry = cache.get(key)
        if isinstance(entry, _Entry):
            return _answer_from(request, entry)
    response, entry = _render(request, view, args, kwargs)
    if entry is None:
        _put_token(request, response)
        if 200 <= response.status_code < 300:
            patch_cache_control(response, private=True, no_store=True)
        return response
    if key is not None and len(entry.content) <= settings.PUBLIC_CACHE_MAX_BYTES:
        cache.set(key, entry, settings.PUBLIC_CACHE_SECONDS)
    not_modified = _not_modified(request, entry)
    if not_modified is not None:
        return not_modified
    _put_token(request, response)
    _add_validators(response, entry)
    return response


def cache_key(request: HttpRequest, version: str) -> str:
    query = sorted(request.GET.lists())
    parts = [
        release(),
        version,
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        request.scheme or "",
        request.get_host().lower(),
        request.path,
        repr(query),
        *(request.META.get(name, "") for name in VARIANT_HEADERS),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-page:{digest}"


def _render(
    request: HttpRequest, view: Callable, args: tuple, kwargs: dict
) -> tuple[HttpResponseBase, _Entry | None]:
    """The view's answer, rendered with the token placeholder, and what may be shared of it (None
    when it is not a plain success or something in it belongs to this visitor)."""
    setattr(request, RENDERING_FLAG, True)
    try:
        response = view(request, *args, **kwargs)
        render = getattr(response, "render", None)
        if callable(render):
            response = render() or response
    finally:
        delattr(request, RENDERING_FLAG)
    if not _shareable(request, response):
        return response, None
    assert isinstance(response, HttpResponse)
    content = bytes(response.content)
    headers = tuple(
        (name, value) for name, value in response.headers.items() if name.lower() not in NOT_KEPT
    )
    digest = hashlib.blake2b(content, digest_size=16)
    digest.update(response.get("Content-Type", "").encode())
    entry = _Entry(
        status=response.status_code,
        content=content,
        headers=headers,
        etag=f'"{digest.hexdigest()}"',
        rendered_at=int(time.time()),
    )
    return response, entry


def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not isinstance(response, HttpResponse):
        return False
    if any(
        word in response.get("Cache-Control", "") for word in ("private", "no-store", "no-cache")
    ):
        return False
    # A real token was handed out while rendering (a view calling get_token itself): the body
    # may hold this visitor's token.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return not getattr(messages, "_queued_messages", None)


def _validators(entry: _Entry) -> HttpResponse:
    """The headers that say which copy this is and how long it may be kept."""
    response = HttpResponse(status=entry.status)
    _add_validators(response, entry)
    for name, value in entry.headers:
        if name.lower() == "vary":
            response.headers[name] = value
    return response


def _add_validators(response: HttpResponseBase, entry: _Entry) -> None:
    response.headers["ETag"] = entry.etag
    response.headers["Last-Modified"] = http_date(entry.rendered_at)
    scope = {"private": True} if entry.personal else {"public": True}
    patch_cache_control(
        response,
        **scope,
        max_age=settings.PUBLIC_MAX_AGE,
        stale_while_revalidate=settings.PUBLIC_STALE_SECONDS,
    )
    # A shared cache may not give the anonymous copy to a client sending credentials.
    patch_vary_headers(response, ("Authorization",))


def _not_modified(request: HttpRequest, entry: _Entry) -> HttpResponseBase | None:
    validators = _validators(entry)
    answer = get_conditional_response(
        request, etag=entry.etag, last_modified=entry.rendered_at, response=validators
    )
    return None if answer is validators else answer


def _answer_from(request: HttpRequest, entry: _Entry) -> HttpResponseBase:
    not_modified = _not_modified(request, entry)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    _put_token(request, response)
    _add_validators(response, entry)
    return response


def _put_token(request: HttpRequest, response: HttpResponseBase) -> None:
    """Put the visitor's own CSRF token where the page has the placeholder (which also makes the
    CSRF middleware send the visitor's token cookie, as any page with a form does)."""
    if response.streaming or not isinstance(response, HttpResponse):
        return
    placeholder = csrf_placeholder_bytes()
    content = response.content
    if placeholder in content:
        response.content = content.replace(placeholder, get_token(request).encode())


@functools.cache
def csrf_placeholder_bytes() -> bytes:
    """A stand-in no visitor can guess (derived from the secret key), so text a visitor wrote
    can never be taken for it."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"core.public_cache csrf placeholder", hashlib.sha256
    )
    return f"csrf{digest.hexdigest()[:40]}".encode()


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """Context processor: while a public page is rendered for sharing, templates get the
    placeholder instead of the visitor's CSRF token (Django's own csrf processor runs first; a
    later one's value wins)."""
    if getattr(request, RENDERING_FLAG, False):
        return {"csrf_token": csrf_placeholder_bytes().decode()}
    return {}


@functools.cache
def release() -> str:
    """Which code renders the pages: a copy rendered by another release (other templates, other
    static file names) is never served. `LUMBUNG_RELEASE` names it; otherwise the sizes and
    modification times of the code's files tell (read once per process, ~10 ms)."""
    if settings.PUBLIC_CACHE_RELEASE:
        return settings.PUBLIC_CACHE_RELEASE
    digest = hashlib.blake2b(digest_size=8)
    base = settings.REPO_DIR
    for top in ("platform", "replication", "tenants", "api"):
        for directory, subdirectories, files in os.walk(base / top):
            subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".pyc"):
                    continue
                path = os.path.join(directory, name)
                stat = os.stat(path)
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
