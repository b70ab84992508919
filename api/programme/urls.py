"""API routes of program fasilitator inovasi (region sites)."""

from django.urls import URLPattern, path  # noqa: F401

programme_patterns: list[URLPattern] = []
