"""What a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): the page for people, and
the API's error envelope for API clients, both HTTP 429. The lock-out itself is counted in the
database (AXES_HANDLER), so it holds when Redis is down."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

STATUS = 429


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    if request.path.startswith("/api/"):
        message = _(
            "Terlalu banyak percobaan masuk. Demi keamanan, akun ini dikunci sementara dari alamat Anda."
        )
        body = {"error": {"status": STATUS, "code": "locked_out", "message": message}}
        return JsonResponse(body, status=STATUS)
    return render(request, "accounts/locked_out.html", status=STATUS)
