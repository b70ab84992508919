"""Index snapshots (public schema): per region and assessment year, the estimated index and the
figures province and national views need, so those views never read region schemas. A snapshot
is a cache of the region's own data: recomputed from it, written atomically, and a failed
recompute leaves the previous one in place."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IndexSnapshot(models.Model):
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="index_snapshots"
    )
    year = models.PositiveSmallIntegerField(_("tahun penilaian"))
    spd_score = models.DecimalField(_("skor SPD"), max_digits=8, decimal_places=4)
    sid_score = models.DecimalField(_("skor SID"), max_digits=8, decimal_places=4)
    count_score = models.DecimalField(_("skor jumlah inovasi"), max_digits=8, decimal_places=4)
    index = models.DecimalField(_("indeks"), max_digits=6, decimal_places=2)
    predicate_code = models.CharField(max_length=40)
    predicate_label = models.CharField(_("predikat"), max_length=60)
    # What the public may see: the same computation over verified reports only, so a region's
    # drafts never move a public ranking.
    verified_index = models.DecimalField(
        _("indeks terverifikasi"), max_digits=6, decimal_places=2, default=0
    )
    verified_predicate_code = models.CharField(max_length=40, default="", blank=True)
    verified_predicate_label = models.CharField(
        _("predikat terverifikasi"), max_length=60, default="", blank=True
    )
    innovations_verified = models.PositiveIntegerField(_("inovasi terverifikasi"), default=0)
    innovations = models.PositiveIntegerField(_("jumlah inovasi"), default=0)
    innovations_counted = models.PositiveIntegerField(_("inovasi yang dihitung"), default=0)
    by_stage = models.JSONField(default=dict, blank=True)
    by_status = models.JSONField(default=dict, blank=True)
    evidence_completeness = models.DecimalField(
        _("kelengkapan bukti"), max_digits=4, decimal_places=2, default=0
    )
    replications_given = models.PositiveIntegerField(_("replikasi diberikan"), default=0)
    replications_received = models.PositiveIntegerField(_("replikasi diterima"), default=0)
    computed_at = models.DateTimeField(_("dihitung pada"))

    class Meta:
        verbose_name = _("snapshot indeks")
        verbose_name_plural = pgettext_lazy("plural", "snapshot indeks")
        ordering = ["-year", "-index"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="snapshot_once_per_year"),
        ]
        indexes = [models.Index(fields=["year", "-index"])]

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.index}"


class OfficialResult(models.Model):
    """The index a region officially received for a year, as published by the national
    assessment (Kemendagri/BSKDN), imported from a spreadsheet. Shown next to the estimate."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="official_results"
    )
    year = models.PositiveSmallIntegerField(_("tahun penilaian"))
    index = models.DecimalField(_("indeks resmi"), max_digits=6, decimal_places=2)
    predicate_code = models.CharField(max_length=40)
    predicate_label = models.CharField(_("predikat resmi"), max_length=60)
    national_rank = models.PositiveSmallIntegerField(_("peringkat nasional"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("diimpor pada"))
    imported_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hasil resmi")
        verbose_name_plural = pgettext_lazy("plural", "hasil resmi")
        ordering = ["-year", "-index"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], name="official_result_once_per_year"
            ),
        ]
        indexes = [models.Index(fields=["year", "-index"])]

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.index} ({self.predicate_label})"
