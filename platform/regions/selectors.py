"""Read-side queries about regions."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from regions.models import Domain, Region, RegionKind


class HostResolution(enum.Enum):
    PUBLIC = "public"
    REGION = "region"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ResolvedHost:
    kind: HostResolution
    region: Region | None = None


def resolve_host(hostname: str) -> ResolvedHost:
    """Which site a host name belongs to. Costs at most one query."""
    base = settings.BASE_DOMAIN
    if hostname in (base, f"www.{base}"):
        return ResolvedHost(HostResolution.PUBLIC)
    suffix = f".{base}"
    if hostname.endswith(suffix):
        slug = hostname[: -len(suffix)]
        if slug and "." not in slug:
            region = Region.objects.filter(slug=slug).select_related("province").first()
            if region is not None:
                return ResolvedHost(HostResolution.REGION, region)
        return ResolvedHost(HostResolution.UNKNOWN)
    domain = Domain.objects.filter(domain=hostname).select_related("tenant__province").first()
    if domain is not None:
        return ResolvedHost(HostResolution.REGION, domain.tenant)
    return ResolvedHost(HostResolution.UNKNOWN)


def region_url(region: Region, *, scheme: str = "http", port: str = "") -> str:
    """The region's home URL on its default host."""
    port_part = f":{port}" if port else ""
    return f"{scheme}://{region.slug}.{settings.BASE_DOMAIN}{port_part}/"


def region_list(
    *,
    search: str = "",
    province_code: str = "",
    kind: str = "",
    active: bool | None = None,
) -> QuerySet[Region]:
    """Regions for the public list and the API, provinces with their kab/kota in code order."""
    queryset = Region.objects.select_related("province").order_by("code")
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(code__startswith=search))
    if province_code:
        queryset = queryset.filter(Q(code=province_code) | Q(province__code=province_code))
    if kind:
        queryset = queryset.filter(kind=kind)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    return queryset


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(kind=RegionKind.PROVINSI).order_by("code")


def regions_by_province(regions: QuerySet[Region]) -> list[tuple[Region, list[Region]]]:
    """Group a region list under its provinces (a province appears if it or one of its kab/kota
    matched)."""
    province_rows = {p.code: p for p in provinces()}
    grouped: dict[str, list[Region]] = {}
    for region in regions:
        grouped.setdefault(region.province_code, [])
        if region.kind != RegionKind.PROVINSI:
            grouped[region.province_code].append(region)
    return [(province_rows[code], grouped[code]) for code in sorted(grouped)]


def region_site_url(region: Region, path: str = "/") -> str:
    """An absolute URL on the region's own host, for e-mails and notifications."""
    return (
        f"{settings.SITE_SCHEME}://{region.slug}.{settings.BASE_DOMAIN}"
        f"{settings.SITE_PORT_SUFFIX}{path}"
    )


def province_by_slug(slug: str) -> Region | None:
    return Region.objects.filter(slug=slug, kind=RegionKind.PROVINSI).first()


def region_by_slug(slug: str) -> Region | None:
    return Region.objects.select_related("province").filter(slug=slug).first()


def province_for(slug: str) -> Region:
    """The provinsi with this slug, for any page or endpoint that names one; else Http404."""
    province = province_by_slug(slug)
    if province is None:
        raise Http404
    return province


def region_for(slug: str) -> Region:
    """The region (of any kind) with this slug; else Http404. Regions are public: which ones a
    person may work in is the policy's question, asked by the region's own pages."""
    region = region_by_slug(slug)
    if region is None:
        raise Http404
    return region
