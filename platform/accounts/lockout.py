"""What a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): the page for people, and
the API's error envelope for API clients, both HTTP 429, with Retry-After: the cool-off, which a
further attempt during the lock-out starts again (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT).
The lock-out itself is counted in the database (AXES_HANDLER), so it holds when Redis is down."""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.api_errors import api_error_response, is_api_path

STATUS = 429


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    cool_off = get_cool_off(request)
    retry_after = int(cool_off.total_seconds()) if cool_off is not None else None
    if is_api_path(request):
        message = _(
            "Terlalu banyak percobaan masuk. Demi keamanan, akun ini dikunci sementara dari alamat Anda."
        )
        answer = api_error_response(STATUS, "locked_out", message, retry_after=retry_after)
        # The token exchange's rate-limit fields (api.accounts.throttle) stay on its answer.
        for header in ("RateLimit-Policy", "RateLimit"):
            if original_response is not None and header in original_response:
                answer[header] = original_response[header]
        return answer
    response = render(request, "accounts/locked_out.html", status=STATUS)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
