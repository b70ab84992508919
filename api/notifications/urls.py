"""API routes: the signed-in user's notifications."""

from django.urls import URLPattern

notification_patterns: list[URLPattern] = []
