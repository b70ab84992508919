from django.urls import path

from tenants.lab import views

app_name = "lab"
urlpatterns = [
    path("", views.project_list_view, name="list"),
    path("baru/", views.project_create_view, name="create"),
    path("<int:pk>/", views.project_detail_view, name="detail"),
    path("<int:pk>/dokumen/", views.document_add_view, name="document_add"),
    path("<int:pk>/dokumen/<int:doc_id>/", views.document_view, name="document"),
    path(
        "<int:pk>/dokumen/<int:doc_id>/hapus/", views.document_remove_view, name="document_remove"
    ),
    path("<int:pk>/lanjut/", views.project_advance_view, name="advance"),
    path("<int:pk>/jadikan-inovasi/", views.project_to_innovation_view, name="to_innovation"),
    path("komitmen/", views.commitment_list_view, name="commitments"),
    path("komitmen/<int:pk>/", views.commitment_file_view, name="commitment_file"),
    path("komitmen/<int:pk>/bukti/", views.commitment_evidence_view, name="commitment_evidence"),
]
