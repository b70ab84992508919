"""API routes: the signed-in user's notifications."""

from django.urls import URLPattern, path

from api.notifications.views import NotificationListApi, NotificationSettingsApi

notification_patterns: list[URLPattern] = [
    path("notifications/", NotificationListApi.as_view(), name="notification-list"),
    path(
        "notifications/settings/",
        NotificationSettingsApi.as_view(),
        name="notification-settings",
    ),
]
