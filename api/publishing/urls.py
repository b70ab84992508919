"""API routes of publishing innovations for replication (region sites)."""

from django.urls import URLPattern, path

from api.publishing import views

publishing_patterns: list[URLPattern] = [
    path(
        "innovations/<int:pk>/publication/",
        views.PublicationApi.as_view(),
        name="publication",
    ),
    path(
        "innovations/<int:pk>/publication/documents/",
        views.PublicationDocumentListApi.as_view(),
        name="publication-documents",
    ),
    path(
        "innovations/<int:pk>/publication/documents/<int:doc_id>/",
        views.PublicationDocumentApi.as_view(),
        name="publication-document",
    ),
]
