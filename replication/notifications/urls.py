from django.urls import path

from replication.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("baca-semua/", views.read_all_view, name="read_all"),
    path("pengaturan/", views.settings_view, name="settings"),
    path("<int:pk>/", views.open_view, name="open"),
    path("<int:pk>/baca/", views.read_view, name="read"),
]
