"""Province and national ranking pages (public site, and each region's site too)."""

from django.urls import path

from rankings import views

app_name = "rankings"

urlpatterns = [
    path("", views.national_view, name="national"),
    path("unduh.<str:fmt>", views.export_view, name="export"),
    path("provinsi/<slug:province_slug>/", views.province_view, name="province"),
    path(
        "provinsi/<slug:province_slug>/unduh.<str:fmt>",
        views.export_view,
        name="province-export",
    ),
    path("provinsi/<slug:province_slug>/cetak/", views.province_report, name="province-report"),
    path("daerah/<slug:region_slug>/", views.region_view, name="region"),
]
