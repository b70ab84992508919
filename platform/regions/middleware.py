"""Host-name routing: BASE_DOMAIN is the public site; <slug>.BASE_DOMAIN and custom domains are
regions. Anything else gets a friendly 404 page rendered by the public site."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware

from regions.selectors import HostResolution, resolve_host

if TYPE_CHECKING:
    from core.http import SiteRequest

# django-tenants swaps in its own connection class at run time (set_schema_to_public, set_tenant,
# tenant), and reads the region from request.tenant: the type checker knows neither.


class RegionRoutingMiddleware(TenantMainMiddleware):
    def process_request(self, request: SiteRequest) -> HttpResponse | None:
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
        request.region = None
        hostname = request.get_host().split(":")[0].lower().rstrip(".")
        resolution = resolve_host(hostname)

        if resolution.kind == HostResolution.PUBLIC:
            self._use_public_urls(request)
            return None
        region = resolution.region  # set whenever the kind is REGION
        if resolution.kind == HostResolution.REGION and region is not None and region.is_active:
            region.domain_url = hostname
            request.tenant = request.region = region  # type: ignore[attr-defined]  # django-tenants
            connection.set_tenant(region)  # type: ignore[attr-defined]  # django-tenants
            request.urlconf = settings.ROOT_URLCONF
            set_urlconf(request.urlconf)
            return None

        self._use_public_urls(request)
        return render(
            request,
            "core/host_not_found.html",
            {
                "hostname": hostname,
                "inactive_region": resolution.region,
                "public_url": f"{request.scheme}://{settings.BASE_DOMAIN}{_port_suffix(request)}/",
            },
            status=404,
        )

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # Leave the connection in the public schema, so nothing that runs after this request on
        # the same thread (tests, signal handlers, a reused connection) sees this region's tables.
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
        return response

    @staticmethod
    def _use_public_urls(request: HttpRequest) -> None:
        request.tenant = connection.tenant  # type: ignore[attr-defined]  # django-tenants
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        set_urlconf(request.urlconf)


def _port_suffix(request: HttpRequest) -> str:
    host = request.get_host()
    return f":{host.rsplit(':', 1)[1]}" if ":" in host and not host.endswith("]") else ""
