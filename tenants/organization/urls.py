from django.urls import path

from tenants.organization import views

app_name = "organization"

urlpatterns = [
    path("", views.opd_list, name="list"),
    path("<int:unit_id>/ubah/", views.opd_edit, name="edit"),
    path("<int:unit_id>/hapus/", views.opd_delete, name="delete"),
    path("<int:unit_id>/fasilitator/", views.facilitator_add, name="facilitator_add"),
    path(
        "<int:unit_id>/fasilitator/<int:facilitator_id>/ubah/",
        views.facilitator_edit,
        name="facilitator_edit",
    ),
    path(
        "<int:unit_id>/fasilitator/<int:facilitator_id>/hapus/",
        views.facilitator_remove,
        name="facilitator_delete",
    ),
    path("standar/", views.opd_add_standard, name="add_standard"),
]
