from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from core import views

shared_patterns = [
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on their own; the icon itself is a static file.
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("img/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
]
