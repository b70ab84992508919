from django.urls import path

from replication.network import views

app_name = "network"
urlpatterns = [
    path("", views.national_view, name="national"),
    # Before the province pattern: no province is called "ringkasan" or "saran".
    path("ringkasan/", views.summary_fragment, name="summary"),
    path("saran/", views.suggestions_fragment, name="suggestions"),
    path("<slug:province_slug>/", views.province_view, name="province"),
]
