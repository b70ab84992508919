"""API routes of the official results desk (public site, platform operators)."""

from django.urls import URLPattern, path

from api.official import views

official_patterns: list[URLPattern] = [
    path("official-results/", views.OfficialYearListApi.as_view(), name="official-year-list"),
    path(
        "official-results/<int:year>/",
        views.OfficialResultListApi.as_view(),
        name="official-result-list",
    ),
    path(
        "official-results/template/",
        views.OfficialTemplateApi.as_view(),
        name="official-template",
    ),
    path(
        "imports/official-results/",
        views.OfficialImportListApi.as_view(),
        name="official-import-list",
    ),
    path(
        "imports/official-results/<uuid:run_id>/",
        views.OfficialImportApi.as_view(),
        name="official-import",
    ),
    path(
        "imports/official-results/<uuid:run_id>/confirm/",
        views.OfficialImportConfirmApi.as_view(),
        name="official-import-confirm",
    ),
]
