"""API routes of ruang diskusi (region sites)."""

from django.urls import URLPattern, path  # noqa: F401

discussions_patterns: list[URLPattern] = []
