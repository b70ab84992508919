from django.urls import path

from tenants.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("<int:year>/target/", views.target_view, name="target"),
    path("<int:year>/ingatkan/", views.remind_view, name="remind"),
    path("tren/", views.trend_view, name="trend"),
]
