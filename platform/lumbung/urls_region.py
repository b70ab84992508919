"""URLs of a region site (<slug>.BASE_DOMAIN or a custom domain); every view runs in the region's
schema and checks the user's role in that region."""

from django.urls import include, path

from accounts.urls import region_patterns as account_patterns
from core.urls import shared_patterns
from tenants.dashboard.home import region_home

handler400 = "lumbung.handlers.bad_request"
handler403 = "lumbung.handlers.permission_denied"
handler404 = "lumbung.handlers.page_not_found"
handler500 = "lumbung.handlers.server_error"

urlpatterns = [
    path("", region_home, name="home"),
    path("", include((account_patterns, "accounts"))),
    path("anggota/", include("tenants.members.urls")),
    path("opd/", include("tenants.organization.urls")),
    path("inovasi/", include("tenants.innovations.urls")),
    path("penilaian/", include("tenants.assessment.urls")),
    path("dasbor/", include("tenants.dashboard.urls")),
    path("riwayat/", include("tenants.history.urls")),
    path("impor-ekspor/", include("tenants.spreadsheets.urls")),
    path("katalog/", include("replication.catalog.urls")),
    path("replikasi/", include("replication.requests.urls")),
    path("publikasi/", include("tenants.publishing.urls")),
    path("peringkat/", include("rankings.urls")),
    path("jaringan/", include("replication.network.urls")),
    path("notifikasi/", include("replication.notifications.urls")),
    path("pengaturan/webhook/", include("webhooks.urls")),
    # Harvesting innovations and growing the habit
    path("sayembara/", include("tenants.calls.urls")),
    path("ide/", include("tenants.ideas.urls")),
    path("lab/", include("tenants.lab.urls")),
    path("program/", include("tenants.programme.urls")),
    path("diskusi/", include("tenants.discussions.urls")),
    path("pelaporan/", include("tenants.reporting.urls")),
    path("api/v1/", include("api.urls_region")),
    *shared_patterns,
]
