"""The site's error handlers: the wiring knows both faces, so the API's paths answer in the
API's error envelope and every other path with the page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from core.views import page_not_found as page_not_found_page


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from api.errors import MESSAGES

        body = {
            "error": {"status": 404, "code": "not_found", "message": str(MESSAGES["not_found"]())}
        }
        return JsonResponse(body, status=404)
    return page_not_found_page(request, exception)
