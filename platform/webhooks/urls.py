"""The webhook pages, on a region's host (its admins) and on the public site (the public
network's, platform operators)."""

from django.urls import path

from webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("baru/", views.subscription_create_view, name="create"),
    path("<int:pk>/", views.subscription_detail, name="detail"),
    path("<int:pk>/ubah/", views.subscription_edit, name="edit"),
    path("<int:pk>/ganti-rahasia/", views.subscription_rotate, name="rotate"),
    path("<int:pk>/hapus/", views.subscription_delete_view, name="delete"),
    path("<int:pk>/uji/", views.subscription_test, name="test"),
]
