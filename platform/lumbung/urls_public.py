"""URLs of the public site (BASE_DOMAIN): region list, login, platform admin, national API."""

from django.contrib import admin
from django.urls import include, path

from accounts.urls import public_patterns as account_patterns
from core.urls import shared_patterns
from regions import views as region_views

handler400 = "lumbung.handlers.bad_request"
handler403 = "lumbung.handlers.permission_denied"
handler404 = "lumbung.handlers.page_not_found"
handler500 = "lumbung.handlers.server_error"

urlpatterns = [
    path("", region_views.public_home, name="home"),
    path("", include((account_patterns, "accounts"))),
    path("admin/", admin.site.urls),
    path("katalog/", include("replication.catalog.urls")),
    path("jaringan/", include("replication.network.urls")),
    path("peringkat/hasil-resmi/", include("rankings.urls_official")),
    path("peringkat/", include("rankings.urls")),
    path("notifikasi/", include("replication.notifications.urls")),
    path("pengaturan/webhook/", include("webhooks.urls")),
    path("api/v1/", include("api.urls_public")),
    *shared_patterns,
]
