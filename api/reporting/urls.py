"""API routes of pelaporan inovasi OPD (region sites)."""

from django.urls import URLPattern, path

from api.reporting import views

reporting_patterns: list[URLPattern] = [
    path("reporting/", views.ReportingApi.as_view(), name="reporting"),
    path(
        "reporting/targets/<int:year>/", views.ReportingTargetApi.as_view(), name="reporting-target"
    ),
    path("reporting/reminders/", views.ReportingReminderApi.as_view(), name="reporting-reminders"),
    path("reporting/trend/", views.ReportingTrendApi.as_view(), name="reporting-trend"),
]
