"""API routes of export jobs (the public site and every region's site)."""

from django.urls import URLPattern, path

from api.exports import views

export_job_patterns: list[URLPattern] = [
    path("exports/", views.ExportJobListApi.as_view(), name="export-job-list"),
    path("exports/<uuid:job_id>/", views.ExportJobApi.as_view(), name="export-job"),
    path("exports/<uuid:job_id>/file/", views.ExportJobFileApi.as_view(), name="export-job-file"),
]
