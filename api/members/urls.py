"""API routes of a region's members (region sites)."""

from django.urls import URLPattern, path

from api.members import views

member_patterns: list[URLPattern] = [
    path("members/", views.MemberListApi.as_view(), name="member-list"),
    path("members/<int:pk>/", views.MemberDetailApi.as_view(), name="member-detail"),
    path(
        "region/second-factor/",
        views.SecondFactorRuleApi.as_view(),
        name="second-factor-rule",
    ),
]
