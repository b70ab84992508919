"""API routes of penjaringan dan kompetisi inovasi (region sites)."""

from django.urls import URLPattern, path  # noqa: F401

calls_patterns: list[URLPattern] = []
