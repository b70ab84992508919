from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from core.health import DOWN, health_report, may_see_details


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report(details=may_see_details(request))
    return JsonResponse(report, status=503 if report["status"] == DOWN else 200)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
