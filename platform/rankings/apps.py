from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    name = "rankings"
    verbose_name = _("Peringkat dan snapshot indeks")

    def ready(self) -> None:
        from rankings.export_jobs import register_export_job
        from rankings.official_runs import register_official_import

        register_official_import()
        register_export_job()
