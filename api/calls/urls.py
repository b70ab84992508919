"""API routes of penjaringan dan kompetisi inovasi (region sites)."""

from django.urls import URLPattern, path

from api.calls import views

calls_patterns: list[URLPattern] = [
    path("calls/", views.CallListApi.as_view(), name="call-list"),
    path("calls/<int:pk>/", views.CallDetailApi.as_view(), name="call-detail"),
    path("calls/<int:pk>/submit/", views.CallSubmitApi.as_view(), name="call-submit"),
    path("calls/<int:pk>/steps/<slug:name>/", views.CallStepApi.as_view(), name="call-step"),
    path("calls/<int:pk>/jury/", views.CallJuryApi.as_view(), name="call-jury"),
    path("calls/<int:pk>/jury/<int:juror_id>/", views.CallJurorApi.as_view(), name="call-juror"),
    path("calls/<int:pk>/criteria/", views.CallCriteriaApi.as_view(), name="call-criteria"),
    path(
        "calls/<int:pk>/criteria/<int:criterion_id>/",
        views.CallCriterionApi.as_view(),
        name="call-criterion",
    ),
    path("calls/<int:pk>/objections/", views.CallObjectionApi.as_view(), name="call-object"),
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
    path("call-submissions/<int:pk>/", views.CallSubmissionApi.as_view(), name="call-submission"),
    path(
        "call-submissions/<int:pk>/attachments/<int:attachment_id>/",
        views.CallAttachmentDownloadApi.as_view(),
        name="call-attachment",
    ),
    path("call-submissions/<int:pk>/accept/", views.CallAcceptApi.as_view(), name="call-accept"),
    path(
        "call-submissions/<int:pk>/follow-ups/",
        views.CallFollowUpApi.as_view(),
        name="call-follow-up",
    ),
    path("call-submissions/<int:pk>/forward/", views.CallForwardApi.as_view(), name="call-forward"),
    path(
        "call-objections/<int:pk>/decision/",
        views.CallObjectionDecisionApi.as_view(),
        name="call-objection-decision",
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
