"""API routes of penjaringan dan kompetisi inovasi (region sites)."""

from django.urls import URLPattern, path

from api.calls import views

calls_patterns: list[URLPattern] = [
    path("calls/", views.CallListApi.as_view(), name="call-list"),
    path("calls/<int:pk>/", views.CallDetailApi.as_view(), name="call-detail"),
    path("calls/<int:pk>/submit/", views.CallSubmitApi.as_view(), name="call-submit"),
    path(
        "calls/<int:pk>/submissions/",
        views.CallSubmissionListApi.as_view(),
        name="call-submissions",
    ),
    path("call-receipts/<str:receipt_number>/", views.ReceiptApi.as_view(), name="call-receipt"),
    path(
        "call-receipts/<str:receipt_number>/attachments/",
        views.ReceiptAttachmentApi.as_view(),
        name="call-receipt-attachments",
    ),
    path(
        "call-submissions/<int:pk>/declaration/",
        views.JuryDeclarationApi.as_view(),
        name="call-jury-declaration",
    ),
    path(
        "call-submissions/<int:pk>/scores/",
        views.JuryScoreApi.as_view(),
        name="call-jury-scores",
    ),
]
