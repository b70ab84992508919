from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "replication.requests"
    label = "replication_requests"
    verbose_name = _("Permohonan replikasi")
