"""Host-name routing: BASE_DOMAIN is the public site; <slug>.BASE_DOMAIN and custom domains are
regions. Anything else gets a friendly 404 page rendered by the public site (the API's error
envelope under /api/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import set_urlconf
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware

from core.api_errors import api_error_response, is_api_path
from regions import schema_versions
from regions.selectors import HostResolution, resolve_host

if TYPE_CHECKING:
    from core.http import SiteRequest

# Paths served by the public site on any host name, known or not.
HOST_INDEPENDENT_PATHS = frozenset({"/healthz", "/favicon.ico"})

# What a client is told to wait before trying a region that is being upgraded again: a schema
# takes well under a second to migrate, a whole roll-out about a minute.
UPGRADE_RETRY_AFTER_SECONDS = 30

# django-tenants swaps in its own connection class at run time (set_schema_to_public, set_tenant,
# tenant), and reads the region from request.tenant: the type checker knows neither.


class RegionRoutingMiddleware(TenantMainMiddleware):
    def process_request(self, request: SiteRequest) -> HttpResponse | None:
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
        request.region = None
        hostname = request.get_host().split(":")[0].lower().rstrip(".")
        resolution = resolve_host(hostname)

        if resolution.kind == HostResolution.PUBLIC or request.path in HOST_INDEPENDENT_PATHS:
            # The health check answers whatever the host (a probe by IP, a load balancer), and
            # the favicon is the platform's on every site.
            self._use_public_urls(request)
            return None
        region = resolution.region  # set whenever the kind is REGION
        if resolution.kind == HostResolution.REGION and region is not None and region.is_active:
            if not schema_versions.is_ready(region.schema_name):
                return self._upgrading(request, region)
            region.domain_url = hostname
            request.tenant = request.region = region  # type: ignore[attr-defined]  # django-tenants
            connection.set_tenant(region)  # type: ignore[attr-defined]  # django-tenants
            request.urlconf = settings.ROOT_URLCONF
            set_urlconf(request.urlconf)
            return None

        self._use_public_urls(request)
        if is_api_path(request):
            return api_error_response(
                404, "host_not_found", _("Tidak ada daerah aktif di alamat ini.")
            )
        return render(
            request,
            "core/host_not_found.html",
            {
                "hostname": hostname,
                "inactive_region": resolution.region,
                "public_url": f"{request.scheme}://{settings.BASE_DOMAIN}{port_suffix(request)}/",
            },
            status=404,
        )

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # Leave the connection in the public schema, so nothing that runs after this request on
        # the same thread (tests, signal handlers, a reused connection) sees this region's tables.
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants
        return response

    def _upgrading(self, request: SiteRequest, region) -> HttpResponse:
        """The region's schema is behind the running code (a roll-out is under way, or its
        migration failed and waits for a retry): say so, instead of failing on a missing
        column. 503 with Retry-After, so clients and monitors come back later."""
        if is_api_path(request):
            response: HttpResponse = api_error_response(
                503,
                "upgrading",
                _("Pembaruan sedang berlangsung untuk daerah ini; coba lagi sebentar lagi."),
            )
        else:
            self._use_public_urls(request)
            response = render(request, "regions/upgrading.html", {"region": region}, status=503)
        response["Retry-After"] = str(UPGRADE_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _use_public_urls(request: HttpRequest) -> None:
        request.tenant = connection.tenant  # type: ignore[attr-defined]  # django-tenants
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        set_urlconf(request.urlconf)


def port_suffix(request: HttpRequest) -> str:
    """The ":8000" of the Host the request named (none for IPv6 literals), else ""."""
    host = request.get_host()
    return f":{host.rsplit(':', 1)[1]}" if ":" in host and not host.endswith("]") else ""
