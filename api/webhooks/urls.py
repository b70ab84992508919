"""API routes: webhook subscriptions of the host's region (or of the public network)."""

from django.urls import URLPattern, path

from api.webhooks.views import (
    WebhookDeliveryListApi,
    WebhookDetailApi,
    WebhookListApi,
    WebhookRotateSecretApi,
    WebhookTestApi,
)

webhook_patterns: list[URLPattern] = [
    path("webhooks/", WebhookListApi.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", WebhookDetailApi.as_view(), name="webhook-detail"),
    path(
        "webhooks/<int:pk>/rotate-secret/",
        WebhookRotateSecretApi.as_view(),
        name="webhook-rotate-secret",
    ),
    path("webhooks/<int:pk>/test/", WebhookTestApi.as_view(), name="webhook-test"),
    path(
        "webhooks/<int:pk>/deliveries/",
        WebhookDeliveryListApi.as_view(),
        name="webhook-deliveries",
    ),
]
