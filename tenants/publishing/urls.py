from django.urls import path

from tenants.publishing import views

app_name = "publishing"
urlpatterns = [
    path("<int:pk>/terbitkan/", views.publish_view, name="publish"),
    path("<int:pk>/tarik/", views.unpublish_view, name="unpublish"),
    path("<int:pk>/dokumen/", views.document_add_view, name="document_add"),
    path("<int:pk>/dokumen/<int:doc_id>/", views.document_view, name="document"),
    path(
        "<int:pk>/dokumen/<int:doc_id>/hapus/", views.document_remove_view, name="document_remove"
    ),
]
