from django.urls import path

from tenants.spreadsheets import views

app_name = "spreadsheets"

urlpatterns = [
    path("", views.index, name="index"),
    path("impor/<uuid:run_id>/", views.run, name="run"),
    path("templat/", views.template_download, name="template"),
    path("ekspor/", views.export, name="export"),
    path("paket/", views.package, name="package"),
]
