"""Index snapshots (public schema): per region and assessment year, the estimated index and the
figures province and national views need, so those views never read region schemas. A snapshot
is a cache of the region's own data: recomputed from it, written atomically, and a failed
recompute leaves the previous one in place."""

from __future__ import annotations

from django.db import models
from django.db.models import F
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
    # OPDs with at least one innovation in the year's reports (BAGINDA MADINA's measure of the
    # habit: 12 OPDs in 2021, 49 in 2022).
    innovating_opds = models.PositiveIntegerField(_("OPD yang berinovasi"), default=0, db_default=0)
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


class ResultStatus(models.TextChoices):
    FINAL = "final", _("final")
    PROVISIONAL = "provisional", _("sementara")  # indeks sementara, before validation


class RankScope(models.TextChoices):
    """Among whom a published rank was given."""

    NATIONAL = "national", _("nasional")
    KABKOTA = "kabupaten_kota", _("antarkabupaten/kota")
    KABUPATEN = "kabupaten", _("antarkabupaten")
    KOTA = "kota", _("antarkota")
    PROVINSI = "provinsi", _("antarprovinsi")
    IN_PROVINCE = "in_province", _("dalam provinsi")


# Each scope's (lazy) label by value, read once: get_rank_scope_display() builds a dict of every
# choice per call, 11 ms for a national table's 514 results (issue #19).
_RANK_SCOPE_LABELS = {scope.value: scope.label for scope in RankScope}


class OfficialResult(models.Model):
    """A region's result for a year as the national assessment (Kemendagri/BSKDN) published it,
    imported from a spreadsheet: an index, or only a predicate; final or provisional; a rank with
    its scope and total as given. Shown next to the estimate."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="official_results"
    )
    year = models.PositiveSmallIntegerField(_("tahun penilaian"))
    # None: published with a predicate only.
    index = models.DecimalField(
        _("indeks resmi"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    predicate_code = models.CharField(max_length=40)
    predicate_label = models.CharField(_("predikat resmi"), max_length=60)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ResultStatus.choices,
        default=ResultStatus.FINAL,
        db_default=ResultStatus.FINAL,
    )
    rank = models.PositiveSmallIntegerField(_("peringkat"), null=True, blank=True)
    rank_scope = models.CharField(
        _("lingkup peringkat"),
        max_length=16,
        choices=RankScope.choices,
        blank=True,
        default="",
        db_default="",
    )
    rank_total = models.PositiveSmallIntegerField(_("dari"), null=True, blank=True)
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    # Generated by the demo seed, never published: labelled on every page and export, replaced
    # by the first real import of its year, cleared by `clear_demo_results` or the admin.
    is_demo = models.BooleanField(_("data demo"), default=False, db_default=False)
    imported_at = models.DateTimeField(_("diimpor pada"))
    imported_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hasil resmi")
        verbose_name_plural = pgettext_lazy("plural", "hasil resmi")
        ordering = ["-year", F("index").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], name="official_result_once_per_year"
            ),
        ]
        indexes = [models.Index(fields=["year", "-index"])]

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.index_text} ({self.predicate_label})"

    @property
    def index_text(self) -> str:
        return "—" if self.index is None else str(self.index)

    @property
    def is_provisional(self) -> bool:
        return self.status == ResultStatus.PROVISIONAL

    @property
    def national_rank(self) -> int | None:
        """The rank among all pemda, when that is what was published."""
        return national_rank(self.rank, self.rank_scope)

    @property
    def rank_text(self) -> str:
        """As published: "12 (nasional)", "53 dari 415 (antarkabupaten)"."""
        return rank_text(self.rank, self.rank_total, self.rank_scope)


def national_rank(rank: int | None, scope: str) -> int | None:
    """OfficialResult.national_rank from its stored values (rankings read plain values)."""
    return rank if scope == RankScope.NATIONAL else None


def rank_text(rank: int | None, total: int | None, scope: str) -> str:
    """OfficialResult.rank_text from its stored values (rankings read plain values)."""
    if rank is None:
        return ""
    text = f"{rank}" if total is None else f"{rank}/{total}"
    if not scope:
        return text
    return f"{text} ({_RANK_SCOPE_LABELS.get(scope, scope)})"
