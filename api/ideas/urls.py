"""API routes of kotak ide (region sites)."""

from django.urls import URLPattern, path  # noqa: F401

ideas_patterns: list[URLPattern] = []
