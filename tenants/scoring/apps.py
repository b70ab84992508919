from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    """No tables of its own: the estimated index computed from the region's answers, and the
    region's figures for the national rankings (with their `refresh_snapshots` command)."""

    name = "tenants.scoring"
    label = "scoring"
    verbose_name = _("Penghitungan indeks")
