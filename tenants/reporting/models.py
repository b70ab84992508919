"""A region's reporting target per year (stored only when it differs from the default in
data/targets.yaml) and the reminders sent to OPDs that lag behind it. Rows live in the region's
own schema; people are named by their (public-schema) user id."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportingTarget(models.Model):
    year = models.PositiveSmallIntegerField(_("tahun penilaian"), unique=True)
    min_innovations_per_opd = models.PositiveSmallIntegerField(
        _("minimal inovasi per OPD"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    note = models.CharField(
        _("dasar penetapan"),
        max_length=500,
        blank=True,
        help_text=_("Mis. hasil rakor atau surat edaran yang menetapkan target ini."),
    )
    is_demo = models.BooleanField(default=False)
    updated_by_id = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target pelaporan")
        verbose_name_plural = pgettext_lazy("plural", "target pelaporan")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.min_innovations_per_opd}"


class Reminder(models.Model):
    """One reminder to one OPD about one year, at most one a day (the notice's source key says
    the same, so a repeated click tells nobody twice)."""

    opd = models.ForeignKey("organization.OpdUnit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun penilaian"))
    sent_on = models.DateField(_("tanggal"))
    status = models.CharField(_("keadaan saat diingatkan"), max_length=20)
    recipients = models.PositiveSmallIntegerField(_("penerima"), default=0)
    sent_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pengingat pelaporan")
        verbose_name_plural = pgettext_lazy("plural", "pengingat pelaporan")
        ordering = ["-sent_on", "opd__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "year", "sent_on"], name="reporting_reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opd_id} {self.year} {self.sent_on}"
