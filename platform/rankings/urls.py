"""Province and national ranking pages (public site)."""

from django.urls import path  # noqa: F401

app_name = "rankings"

urlpatterns: list = []
