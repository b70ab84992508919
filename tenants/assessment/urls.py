from django.urls import path

from tenants.assessment import views

app_name = "assessment"
urlpatterns = [
    path("spd/", views.spd_view, name="spd"),
    path("jawaban/", views.answer_view, name="answer"),
    path("jawaban/<int:answer_id>/bukti/", views.evidence_add_view, name="evidence_add"),
    path("bukti/<int:evidence_id>/", views.evidence_download_view, name="evidence_download"),
    path("bukti/<int:evidence_id>/hapus/", views.evidence_remove_view, name="evidence_remove"),
    path("bukti/<int:evidence_id>/periksa/", views.evidence_review_view, name="evidence_review"),
]
