from django.urls import path

from replication.network import views

app_name = "network"
urlpatterns = [
    path("", views.national_view, name="national"),
    path("<slug:province_slug>/", views.province_view, name="province"),
]
