"""What a committed change still has to cause elsewhere, kept in the database until it is done.

A service writes a `PendingEffect` row in the same transaction as its change, so the change and
the promise of its effects commit (or roll back) together. Rows are only ever inserted by the
services and deleted by the runner once the effect is applied: writers never update a shared row,
so two edits never wait for each other here. All rows with the same key (effect, region, year,
target) are applied together, once: a burst of edits costs one run."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PendingEffect(models.Model):
    effect = models.CharField(_("efek"), max_length=60)
    # Regions are never deleted (all 552 rows exist from the start), and a foreign key would
    # make every insert lock the region row against a concurrent deactivation: an id is enough.
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("daerah"),
    )
    year = models.PositiveSmallIntegerField(_("tahun"), null=True, blank=True)
    target = models.CharField(_("sasaran"), max_length=100, blank=True, default="")
    payload = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(_("dicatat"), default=timezone.now)
    due_at = models.DateTimeField(_("dijalankan mulai"))
    attempts = models.PositiveSmallIntegerField(_("percobaan gagal"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)

    class Meta:
        verbose_name = _("efek tertunda")
        verbose_name_plural = pgettext_lazy("plural", "efek tertunda")
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["due_at"], name="pipeline_due"),
            models.Index(fields=["effect", "region", "year", "target"], name="pipeline_key"),
        ]

    def __str__(self) -> str:
        parts = [self.effect]
        if self.region_id:
            parts.append(f"region={self.region_id}")
        if self.year:
            parts.append(f"year={self.year}")
        if self.target:
            parts.append(f"target={self.target}")
        return " ".join(parts)
