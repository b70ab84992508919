"""API of a region site: the region's own resources, checked against the caller's role there."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.accounts.views import (
    MyMembershipsApi,
    MyTokenListApi,
    MyTokenRevokeApi,
    TokenApi,
)
from api.assessment import views as assessment
from api.assessment.carry_over_views import InnovationReportCarryOverApi, RegionCarryOverApi
from api.assessment.score_views import ReadinessApi, ScoresApi
from api.calls.urls import calls_patterns
from api.catalog.urls import catalog_patterns
from api.core.views import HealthApi
from api.deprecations import changelog_view
from api.discussions.urls import discussions_patterns
from api.exports.urls import export_job_patterns
from api.history.views import ChangeFeedApi, ChangeListApi
from api.ideas.urls import ideas_patterns
from api.imports.urls import import_patterns
from api.innovations import views as innovations
from api.lab.urls import lab_patterns
from api.members.urls import member_patterns
from api.notifications.urls import notification_patterns
from api.organization.views import (
    FacilitatorDetailApi,
    FacilitatorListApi,
    OpdStandardUnitsApi,
    OpdUnitDetailApi,
    OpdUnitListApi,
)
from api.programme.urls import programme_patterns
from api.publishing.urls import publishing_patterns
from api.rankings.urls import ranking_patterns
from api.regions.region_views import CurrentRegionApi
from api.reporting.urls import reporting_patterns
from api.requests.urls import replication_patterns
from api.rubric.urls import rubric_patterns
from api.schema import site_schema_settings
from api.webhooks.urls import webhook_patterns

app_name = "api"

urlpatterns = [
    path("region/", CurrentRegionApi.as_view(), name="current-region"),
    *member_patterns,
    path("opd-units/", OpdUnitListApi.as_view(), name="opd-list"),
    path("opd-units/standard/", OpdStandardUnitsApi.as_view(), name="opd-standard-units"),
    path("opd-units/<int:pk>/", OpdUnitDetailApi.as_view(), name="opd-detail"),
    path("facilitators/", FacilitatorListApi.as_view(), name="facilitator-list"),
    path("facilitators/<int:pk>/", FacilitatorDetailApi.as_view(), name="facilitator-detail"),
    # The innovation registry
    path("innovations/", innovations.InnovationListApi.as_view(), name="innovation-list"),
    path(
        "innovations/<int:pk>/",
        innovations.InnovationDetailApi.as_view(),
        name="innovation-detail",
    ),
    path(
        "innovations/<int:pk>/budget-document/",
        innovations.InnovationBudgetDocumentApi.as_view(),
        name="innovation-budget-document",
    ),
    path(
        "innovations/<int:pk>/business-profile/",
        innovations.InnovationBusinessProfileApi.as_view(),
        name="innovation-business-profile",
    ),
    # Yearly reports, verification, answers and evidence
    path("reports/", assessment.ReportListApi.as_view(), name="report-list"),
    path("reports/carry-over/", RegionCarryOverApi.as_view(), name="report-carry-over"),
    path("reports/<int:pk>/", assessment.ReportDetailApi.as_view(), name="report-detail"),
    path(
        "innovations/<int:pk>/reports/",
        InnovationReportCarryOverApi.as_view(),
        name="innovation-reports",
    ),
    path(
        "reports/<int:pk>/transitions/",
        assessment.ReportTransitionApi.as_view(),
        name="report-transitions",
    ),
    path("reports/<int:pk>/answers/", assessment.ReportAnswerApi.as_view(), name="report-answers"),
    path("region-answers/", assessment.RegionAnswerListApi.as_view(), name="region-answer-list"),
    path("answers/<int:pk>/", assessment.AnswerDetailApi.as_view(), name="answer-detail"),
    path(
        "answers/<int:pk>/evidence/",
        assessment.AnswerEvidenceApi.as_view(),
        name="answer-evidence",
    ),
    path("evidence/<int:pk>/", assessment.EvidenceDetailApi.as_view(), name="evidence-detail"),
    path(
        "evidence/<int:pk>/download/",
        assessment.EvidenceDownloadApi.as_view(),
        name="evidence-download",
    ),
    path(
        "evidence/<int:pk>/review/",
        assessment.EvidenceReviewApi.as_view(),
        name="evidence-review",
    ),
    # Scores and what is still missing
    path("scores/", ScoresApi.as_view(), name="scores"),
    path("readiness/", ReadinessApi.as_view(), name="readiness"),
    path("history/", ChangeListApi.as_view(), name="history"),
    path("history/feed/", ChangeFeedApi.as_view(), name="history-feed"),
    *rubric_patterns,
    *catalog_patterns,
    *ranking_patterns,
    *replication_patterns,
    *notification_patterns,
    *webhook_patterns,
    *calls_patterns,
    *ideas_patterns,
    *lab_patterns,
    *programme_patterns,
    *publishing_patterns,
    *import_patterns,
    *export_job_patterns,
    *discussions_patterns,
    *reporting_patterns,
    path("me/memberships/", MyMembershipsApi.as_view(), name="my-memberships"),
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("auth/tokens/", MyTokenListApi.as_view(), name="token-list"),
    path("auth/tokens/<int:pk>/", MyTokenRevokeApi.as_view(), name="token-revoke"),
    path("health/", HealthApi.as_view(), name="health"),
    path("changelog/", changelog_view, name="changelog"),
    path(
        "schema/",
        SpectacularAPIView.as_view(
            urlconf="lumbung.urls_region", custom_settings=site_schema_settings("region")
        ),
        name="schema",
    ),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
