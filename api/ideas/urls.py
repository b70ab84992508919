"""API routes of kotak ide (region sites)."""

from django.urls import URLPattern, path

from api.ideas import public_views, views

ideas_patterns: list[URLPattern] = [
    path("ideas/", views.IdeaListApi.as_view(), name="idea-list"),
    path("ideas/public/", public_views.PublicIdeaSubmitApi.as_view(), name="idea-public-submit"),
    path("idea-receipts/<str:code>/", public_views.IdeaReceiptApi.as_view(), name="idea-receipt"),
    path("ideas/<int:pk>/", views.IdeaDetailApi.as_view(), name="idea-detail"),
    path("ideas/<int:pk>/triage/", views.IdeaTriageApi.as_view(), name="idea-triage"),
    path("ideas/<int:pk>/adopt/", views.IdeaAdoptApi.as_view(), name="idea-adopt"),
]
