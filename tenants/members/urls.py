"""The region's members page, on every region's host."""

from django.urls import path

from tenants.members import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("verifikasi-dua-langkah/", views.second_factor_rule_view, name="second_factor_rule"),
    path("<int:membership_id>/ubah/", views.member_update_view, name="update"),
    path("<int:membership_id>/hapus/", views.member_remove_view, name="remove"),
]
