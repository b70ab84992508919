"""API routes: replication requests, inbox, lineage and suggestions (region hosts)."""

from django.urls import URLPattern, path

from api.network.suggestion_views import SuggestionsApi
from api.requests import views as requests

replication_patterns: list[URLPattern] = [
    path("replication/requests/", requests.RequestListApi.as_view(), name="replication-requests"),
    path(
        "replication/requests/<int:pk>/",
        requests.RequestDetailApi.as_view(),
        name="replication-request-detail",
    ),
    path(
        "replication/requests/<int:pk>/transitions/",
        requests.RequestTransitionApi.as_view(),
        name="replication-request-transitions",
    ),
    path(
        "replication/requests/<int:pk>/documents/<int:doc_id>/download/",
        requests.RequestDocumentDownloadApi.as_view(),
        name="replication-request-document",
    ),
    path(
        "replication/lineage/<int:innovation_id>/",
        requests.LineageApi.as_view(),
        name="replication-lineage",
    ),
    path("replication/suggestions/", SuggestionsApi.as_view(), name="replication-suggestions"),
]
