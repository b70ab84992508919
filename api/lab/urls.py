"""API routes of laboratorium inovasi (region sites)."""

from django.urls import URLPattern, path  # noqa: F401

lab_patterns: list[URLPattern] = []
