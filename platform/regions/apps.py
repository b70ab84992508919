from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Daerah")

    def ready(self) -> None:
        from imports.vocabulary import register
        from regions.names import VOCABULARY, region_labels

        register(VOCABULARY, region_labels)
