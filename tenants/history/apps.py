from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HistoryConfig(AppConfig):
    name = "tenants.history"
    label = "history"
    verbose_name = _("Riwayat perubahan")

    def ready(self) -> None:
        from tenants.history.export_jobs import register_export_job

        register_export_job()
