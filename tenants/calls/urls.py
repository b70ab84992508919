from django.urls import URLPattern, path

from tenants.calls import jury_views, manage_views, views

app_name = "calls"
urlpatterns: list[URLPattern] = [
    # Public (no sign-in)
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/terkirim/", views.submitted, name="submitted"),
    path("<int:pk>/sanggah/", views.object_view, name="object"),
    path("tanda-terima/", views.receipt_view, name="receipt"),
    # Managers (MANAGE_CALLS)
    path("kelola/", manage_views.manage_list, name="manage"),
    path("kelola/baru/", manage_views.create, name="create"),
    path("kelola/<int:pk>/", manage_views.manage_detail, name="manage_detail"),
    path("kelola/<int:pk>/ubah/", manage_views.edit, name="edit"),
    path("kelola/<int:pk>/langkah/<slug:name>/", manage_views.step, name="step"),
    path("kelola/<int:pk>/juri/", manage_views.jury_add, name="jury_add"),
    path(
        "kelola/<int:pk>/juri/<int:juror_id>/hapus/",
        manage_views.jury_remove,
        name="jury_remove",
    ),
    path("kelola/<int:pk>/kriteria/", manage_views.criteria, name="criteria"),
    path("kelola/usulan/<int:pk>/", manage_views.submission, name="submission"),
    path("kelola/usulan/<int:pk>/terima/", manage_views.accept, name="accept"),
    path("kelola/usulan/<int:pk>/tindak-lanjut/", manage_views.follow_up, name="follow_up"),
    path("kelola/usulan/<int:pk>/teruskan/", manage_views.forward, name="forward"),
    path("kelola/sanggahan/<int:pk>/", manage_views.objection_decide, name="objection_decide"),
    path(
        "usulan/<int:pk>/lampiran/<int:attachment_id>/",
        manage_views.attachment,
        name="attachment",
    ),
    # Jury (JUDGE_CALLS and a seat on the call's jury)
    path("juri/", jury_views.jury_home, name="jury_home"),
    path("juri/<int:pk>/", jury_views.jury_call, name="jury_call"),
    path("juri/usulan/<int:pk>/", jury_views.jury_score, name="jury_score"),
]
