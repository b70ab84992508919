"""API of a region site: the region's own resources, checked against the caller's role there."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.accounts.views import MyMembershipsApi, RegionMemberListApi, TokenCreateApi
from api.core.views import HealthApi
from api.organization.views import OpdUnitDetailApi, OpdUnitListApi
from api.regions.region_views import CurrentRegionApi

app_name = "api"

urlpatterns = [
    path("region/", CurrentRegionApi.as_view(), name="current-region"),
    path("members/", RegionMemberListApi.as_view(), name="member-list"),
    path("opd-units/", OpdUnitListApi.as_view(), name="opd-list"),
    path("opd-units/<int:pk>/", OpdUnitDetailApi.as_view(), name="opd-detail"),
    path("me/memberships/", MyMembershipsApi.as_view(), name="my-memberships"),
    path("auth/token/", TokenCreateApi.as_view(), name="token-create"),
    path("health/", HealthApi.as_view(), name="health"),
    path("schema/", SpectacularAPIView.as_view(urlconf="lumbung.urls_region"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
