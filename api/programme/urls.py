"""API routes of the facilitators' programme (region sites)."""

from django.urls import URLPattern, path

from api.programme import views

programme_patterns: list[URLPattern] = [
    path("programme/events/", views.EventListApi.as_view(), name="programme-events"),
    path("programme/events/<int:pk>/", views.EventDetailApi.as_view(), name="programme-event"),
    path(
        "programme/events/<int:pk>/attendance/",
        views.AttendanceApi.as_view(),
        name="programme-attendance",
    ),
    path(
        "programme/events/<int:pk>/materials/",
        views.MaterialApi.as_view(),
        name="programme-materials",
    ),
    path(
        "programme/events/<int:pk>/minutes/", views.MinutesApi.as_view(), name="programme-minutes"
    ),
]
