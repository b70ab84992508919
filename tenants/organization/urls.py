from django.urls import path

from tenants.organization import views

app_name = "organization"

urlpatterns = [
    path("", views.opd_list, name="list"),
    path("<int:unit_id>/ubah/", views.opd_edit, name="edit"),
    path("<int:unit_id>/hapus/", views.opd_delete, name="delete"),
    path("standar/", views.opd_add_standard, name="add_standard"),
]
