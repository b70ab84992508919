from django.urls import path

from tenants.discussions import views

app_name = "discussions"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("inovasi/<int:pk>/", views.innovation_thread_view, name="innovation"),
    path("inovasi/<int:pk>/ringkas/", views.innovation_section_view, name="innovation_section"),
    path("opd/<int:unit_id>/", views.opd_thread_view, name="opd"),
    path("lampiran/<int:post_id>/", views.attachment_view, name="attachment"),
    path("pesan/<int:post_id>/hapus/", views.post_delete_view, name="post_delete"),
    path("kelitbangan/", views.kelitbangan_view, name="kelitbangan"),
]
