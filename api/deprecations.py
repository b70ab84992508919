"""What the API still accepts or returns but will stop: one list, and the headers that tell a
client so on every request that uses it (RFC 9745 `Deprecation`, RFC 8594 `Sunset`, a `Link`
with rel="deprecation" to the changelog). The policy is in docs/api.md."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.http import http_date

CHANGELOG = "/api/v1/changelog/"
CHANGELOG_FILE = Path(__file__).with_name("CHANGELOG.md")


@dataclass(frozen=True)
class Deprecation:
    what: str
    announced: date
    sunset: date
    anchor: str  # the changelog's section
    applies: Callable[[HttpRequest], bool]


DEPRECATIONS: tuple[Deprecation, ...] = (
    Deprecation(
        "The `Token` keyword in Authorization: send `Bearer <token>`.",
        announced=date(2026, 12, 4),
        sunset=date(2027, 6, 30),
        anchor="#2026-12-04",
        applies=lambda request: request.headers.get("Authorization", "").startswith("Token "),
    ),
    Deprecation(
        "The catalog search's `page`, `page_size` and `num_pages` fields: follow `next` and "
        "`previous`, as on every other list.",
        announced=date(2026, 12, 4),
        sunset=date(2027, 6, 30),
        anchor="#2026-12-04",
        applies=lambda request: request.method == "GET" and request.path == "/api/v1/catalog/",
    ),
)


def _timestamp(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


class DeprecationHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith("/api/"):
            return response
        used = [item for item in DEPRECATIONS if item.applies(request)]
        if used:
            response.headers["Deprecation"] = f"@{min(_timestamp(i.announced) for i in used)}"
            response.headers["Sunset"] = http_date(min(_timestamp(i.sunset) for i in used))
            response.headers["Link"] = ", ".join(
                sorted({f'<{CHANGELOG}{item.anchor}>; rel="deprecation"' for item in used})
            )
        return response


def changelog_view(request: HttpRequest) -> HttpResponse:
    """The API's changelog (api/CHANGELOG.md), as Markdown, for anyone."""
    return HttpResponse(CHANGELOG_FILE.read_bytes(), content_type="text/markdown; charset=utf-8")
