"""The national catalog of replicable innovations: mounted at katalog/ on the public site and on
every region's host (the same views)."""

from django.urls import path

from replication.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.search_view, name="search"),
    path("<uuid:public_id>/", views.detail_view, name="detail"),
    path("daerah/<slug:region_slug>/", views.region_entries_fragment, name="region-entries"),
    path(
        "inovasi/<int:innovation_id>/",
        views.publication_link_fragment,
        name="publication-link",
    ),
    path("<uuid:public_id>/dokumen/<int:doc_id>/", views.document_view, name="document"),
]
