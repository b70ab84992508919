from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "tenants.organization"
    label = "organization"
    verbose_name = _("Perangkat daerah (OPD)")

    def ready(self) -> None:
        from imports.vocabulary import register
        from tenants.organization.names import VOCABULARY, group_labels

        register(VOCABULARY, group_labels)
