"""API routes: replication requests, inbox, lineage and suggestions (region hosts)."""

from django.urls import URLPattern

replication_patterns: list[URLPattern] = []
