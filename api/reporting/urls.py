"""API routes of pelaporan inovasi opd (region sites)."""

from django.urls import URLPattern, path  # noqa: F401

reporting_patterns: list[URLPattern] = []
