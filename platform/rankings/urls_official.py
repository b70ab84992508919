"""Official results (platform operators): the published index per region and year."""

from django.urls import path

from rankings import official_views

app_name = "official"

urlpatterns = [
    path("", official_views.list_view, name="list"),
    path("impor/", official_views.import_view, name="import"),
    path("impor/<uuid:run_id>/", official_views.run_view, name="run"),
    path("templat/", official_views.template_view, name="template"),
]
