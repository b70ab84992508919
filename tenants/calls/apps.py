from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "tenants.calls"
    label = "calls"
    verbose_name = _("Penjaringan dan kompetisi inovasi")
