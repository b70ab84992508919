"""API of the public site: national resources."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.accounts.views import MyMembershipsApi, MyTokenListApi, MyTokenRevokeApi, TokenApi
from api.catalog.urls import catalog_patterns
from api.core.views import HealthApi
from api.deprecations import changelog_view
from api.exports.urls import export_job_patterns
from api.network.urls import network_patterns
from api.notifications.urls import notification_patterns
from api.official.urls import official_patterns
from api.public_changes.views import PublicChangeFeedApi
from api.rankings.urls import ranking_patterns
from api.regions.views import RegionDetailApi, RegionListApi
from api.rubric.urls import rubric_patterns
from api.schema import site_schema_settings
from api.webhooks.urls import webhook_patterns

app_name = "api"

urlpatterns = [
    path("regions/", RegionListApi.as_view(), name="region-list"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="region-detail"),
    *rubric_patterns,
    *catalog_patterns,
    *network_patterns,
    *ranking_patterns,
    *export_job_patterns,
    *official_patterns,
    *notification_patterns,
    *webhook_patterns,
    path("changes/", PublicChangeFeedApi.as_view(), name="public-change-feed"),
    path("me/memberships/", MyMembershipsApi.as_view(), name="my-memberships"),
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("auth/tokens/", MyTokenListApi.as_view(), name="token-list"),
    path("auth/tokens/<int:pk>/", MyTokenRevokeApi.as_view(), name="token-revoke"),
    path("health/", HealthApi.as_view(), name="health"),
    path("changelog/", changelog_view, name="changelog"),
    path(
        "schema/",
        SpectacularAPIView.as_view(
            urlconf="lumbung.urls_public", custom_settings=site_schema_settings("public")
        ),
        name="schema",
    ),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
