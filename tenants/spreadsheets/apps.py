from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    name = "tenants.spreadsheets"
    label = "spreadsheets"
    verbose_name = _("Impor dan ekspor")

    def ready(self) -> None:
        from tenants.spreadsheets.export_jobs import register_export_jobs
        from tenants.spreadsheets.runs import register_innovation_import
        from tenants.spreadsheets.vocabularies import register_vocabularies

        register_innovation_import()
        register_export_jobs()
        register_vocabularies()
