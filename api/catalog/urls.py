"""API routes: catalog search, facets and entries (public, also on region hosts)."""

from django.urls import URLPattern, path

from api.catalog.views import CatalogEntryApi, CatalogSearchApi

catalog_patterns: list[URLPattern] = [
    path("catalog/", CatalogSearchApi.as_view(), name="catalog-list"),
    path("catalog/<uuid:public_id>/", CatalogEntryApi.as_view(), name="catalog-detail"),
]
