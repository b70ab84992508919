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
        "programme/events/<int:pk>/attendance/<int:attendance_id>/",
        views.AttendanceDetailApi.as_view(),
        name="programme-attendance-detail",
    ),
    path(
        "programme/events/<int:pk>/materials/<int:material_id>/",
        views.MaterialDetailApi.as_view(),
        name="programme-material",
    ),
    path(
        "programme/events/<int:pk>/materials/<int:material_id>/download/",
        views.MaterialDownloadApi.as_view(),
        name="programme-material-download",
    ),
    path(
        "programme/events/<int:pk>/minutes/", views.MinutesApi.as_view(), name="programme-minutes"
    ),
    path(
        "programme/events/<int:pk>/minutes/file/",
        views.MinutesFileApi.as_view(),
        name="programme-minutes-file",
    ),
]
