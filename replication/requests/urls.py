from django.urls import path

from replication.requests import views

app_name = "requests"
urlpatterns = [
    path("", views.inbox_view, name="inbox"),
    path("ajukan/<uuid:public_id>/", views.create_view, name="create"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/langkah/<slug:name>/", views.transition_view, name="transition"),
    path("<int:pk>/dokumen/<int:doc_id>/", views.document_view, name="document"),
    path("inovasi/<int:innovation_id>/", views.lineage_fragment, name="lineage"),
]
