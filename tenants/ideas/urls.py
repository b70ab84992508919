from django.urls import path

from tenants.ideas import views

app_name = "ideas"
urlpatterns = [
    path("", views.idea_list_view, name="list"),
    path("kirim/", views.public_submit_view, name="public_submit"),
    path("status/", views.public_status_view, name="public_status"),
    path("triase/", views.triage_view, name="triage"),
    path("<int:pk>/", views.idea_detail_view, name="detail"),
    path("<int:pk>/triase/", views.idea_triage_view, name="triage_idea"),
    path("<int:pk>/adopsi/", views.idea_adopt_view, name="adopt"),
]
