"""API routes of the discussions (region sites)."""

from django.urls import URLPattern, path

from api.discussions import views

discussions_patterns: list[URLPattern] = [
    path("discussions/", views.ThreadListApi.as_view(), name="discussion-list"),
    path(
        "discussions/innovations/<int:pk>/posts/",
        views.InnovationPostsApi.as_view(),
        name="discussion-innovation-posts",
    ),
    path(
        "discussions/opd-units/<int:pk>/posts/",
        views.OpdPostsApi.as_view(),
        name="discussion-opd-posts",
    ),
    path("discussions/posts/<int:pk>/", views.PostDetailApi.as_view(), name="discussion-post"),
    path(
        "discussions/posts/<int:pk>/attachment/",
        views.PostAttachmentApi.as_view(),
        name="discussion-post-attachment",
    ),
    path("discussions/kelitbangan/", views.KelitbanganApi.as_view(), name="discussion-kelitbangan"),
]
