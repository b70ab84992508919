from django.urls import path

from tenants.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard_view, name="index"),
    path("siap-kirim/", views.readiness_view, name="readiness"),
]
