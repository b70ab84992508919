"""Official results (platform operators): the published index per region and year."""

from django.urls import path  # noqa: F401

app_name = "official"

urlpatterns: list = []
