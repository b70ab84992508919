"""API routes of spreadsheet imports (region sites)."""

from django.urls import URLPattern, path

from api.imports import views

import_patterns: list[URLPattern] = [
    path(
        "imports/innovations/",
        views.InnovationImportListApi.as_view(),
        name="innovation-import-list",
    ),
    path(
        "imports/innovations/template/",
        views.InnovationImportTemplateApi.as_view(),
        name="innovation-import-template",
    ),
    path(
        "imports/innovations/<uuid:run_id>/",
        views.InnovationImportApi.as_view(),
        name="innovation-import",
    ),
    path(
        "imports/innovations/<uuid:run_id>/confirm/",
        views.InnovationImportConfirmApi.as_view(),
        name="innovation-import-confirm",
    ),
    path(
        "exports/innovations/",
        views.InnovationExportApi.as_view(),
        name="innovation-export",
    ),
]
