from django.urls import path

from tenants.programme import views

app_name = "programme"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("baru/", views.create_view, name="create"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/ubah/", views.edit_view, name="edit"),
    path("<int:pk>/hapus/", views.delete_view, name="delete"),
    path("<int:pk>/hadir/", views.attendance_add_view, name="attendance_add"),
    path(
        "<int:pk>/hadir/<int:attendance_id>/hapus/",
        views.attendance_remove_view,
        name="attendance_remove",
    ),
    path("<int:pk>/materi/", views.material_add_view, name="material_add"),
    path("<int:pk>/materi/<int:material_id>/", views.material_view, name="material"),
    path(
        "<int:pk>/materi/<int:material_id>/hapus/",
        views.material_remove_view,
        name="material_remove",
    ),
    path("<int:pk>/notula/", views.minutes_view, name="minutes"),
    path("<int:pk>/notula/berkas/", views.minutes_file_view, name="minutes_file"),
]
