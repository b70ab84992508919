"""API routes: rankings, trends and snapshots (public site and region hosts)."""

from django.urls import path

from api.rankings.views import RankingApi, SnapshotListApi, TrendApi

ranking_patterns = [
    path("rankings/", RankingApi.as_view(), name="rankings"),
    path("rankings/trends/", TrendApi.as_view(), name="ranking-trends"),
    path("rankings/snapshots/", SnapshotListApi.as_view(), name="ranking-snapshots"),
]
