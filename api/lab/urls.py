"""API routes of laboratorium inovasi (region sites)."""

from django.urls import URLPattern, path

from api.lab import views

lab_patterns: list[URLPattern] = [
    path("lab/projects/", views.ProjectListApi.as_view(), name="lab-project-list"),
    path("lab/projects/<int:pk>/", views.ProjectDetailApi.as_view(), name="lab-project-detail"),
    path(
        "lab/projects/<int:pk>/advance/",
        views.ProjectAdvanceApi.as_view(),
        name="lab-project-advance",
    ),
    path(
        "lab/projects/<int:pk>/innovation/",
        views.ProjectInnovationApi.as_view(),
        name="lab-project-innovation",
    ),
    path(
        "lab/projects/<int:pk>/documents/",
        views.ProjectDocumentListApi.as_view(),
        name="lab-project-documents",
    ),
    path(
        "lab/projects/<int:pk>/documents/<int:doc_id>/",
        views.ProjectDocumentApi.as_view(),
        name="lab-project-document",
    ),
    path(
        "lab/projects/<int:pk>/documents/<int:doc_id>/download/",
        views.ProjectDocumentDownloadApi.as_view(),
        name="lab-project-document-download",
    ),
    path("lab/commitments/", views.CommitmentListApi.as_view(), name="lab-commitment-list"),
    path(
        "lab/commitments/<int:pk>/evidence/",
        views.CommitmentEvidenceApi.as_view(),
        name="lab-commitment-evidence",
    ),
    path(
        "lab/commitments/<int:pk>/download/",
        views.CommitmentDownloadApi.as_view(),
        name="lab-commitment-download",
    ),
]
