from django.urls import path

from tenants.innovations import views

app_name = "innovations"
urlpatterns = [
    path("", views.innovation_list_view, name="list"),
    path("baru/", views.innovation_create_view, name="create"),
    path("laporkan-semua/", views.region_carry_over_view, name="carry_over_all"),
    path("<int:pk>/", views.innovation_detail_view, name="detail"),
    path("<int:pk>/ubah/", views.innovation_edit_view, name="edit"),
    path("<int:pk>/hapus/", views.innovation_delete_view, name="delete"),
    path("<int:pk>/cetak/", views.innovation_print_view, name="print"),
    path("<int:pk>/laporkan/", views.innovation_carry_over_view, name="carry_over"),
    path("<int:pk>/status/<slug:name>/", views.innovation_transition_view, name="transition"),
    path("<int:pk>/dokumen/<slug:field>/", views.innovation_document_view, name="document"),
]
