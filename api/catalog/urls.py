"""API routes: catalog search, facets and entries (public, also on region hosts)."""

from django.urls import URLPattern

catalog_patterns: list[URLPattern] = []
