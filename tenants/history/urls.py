from django.urls import path

from tenants.history import views

app_name = "history"
urlpatterns = [
    path("", views.change_list_view, name="list"),
    path("ekspor/", views.change_export_view, name="export"),
]
