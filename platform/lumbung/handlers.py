"""The site's error handlers: the wiring knows both faces, so the API's paths answer in the
API's error envelope (JSON, even when no API view was reached: an address no route matches, an
id that is not a number, an unreadable request, a server error) and every other path with the
page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views import defaults

from api.errors import MESSAGES
from core import views
from core.api_errors import api_error_response, is_api_path


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request):
        return api_error_response(400, "bad_request", str(MESSAGES["bad_request"]()))
    return defaults.bad_request(request, exception)  # type: ignore[arg-type]


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request):
        return api_error_response(403, "permission_denied", str(MESSAGES["permission_denied"]()))
    return views.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request):
        return api_error_response(404, "not_found", str(MESSAGES["not_found"]()))
    return views.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request):
        return api_error_response(500, "server_error", str(MESSAGES["server_error"]()))
    return views.server_error(request)
