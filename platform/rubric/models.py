"""The national IID rubric, one version per assessment year, loaded from data files
(platform/rubric/data/) and editable by platform admins. Shared by all regions (public schema).

Every value carries where it came from (`source`) and whether it is uncertain, so admins can see
which numbers still need checking against the official letter."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Part(models.TextChoices):
    SPD = "spd", _("SPD (satuan pemerintah daerah)")
    SID = "sid", _("SID (satuan inovasi daerah)")


class RubricYear(models.Model):
    year = models.PositiveSmallIntegerField(_("tahun penilaian"), unique=True)
    title = models.CharField(_("judul"), max_length=200)
    sources = models.JSONField(_("sumber"), default=dict, blank=True)
    formula_source = models.CharField(_("sumber rumus"), max_length=20, blank=True)
    sid_divisor_floor = models.PositiveSmallIntegerField(_("pembagi SID minimal"))
    count_score_per_innovation = models.DecimalField(
        _("skor jumlah per inovasi"), max_digits=6, decimal_places=3
    )
    count_score_cap = models.PositiveSmallIntegerField(_("batas jumlah inovasi yang dihitung"))
    basic_service_gate = models.PositiveSmallIntegerField(
        _("syarat urusan pelayanan dasar"),
        null=True,
        blank=True,
        help_text=_(
            "Skor jumlah inovasi 0 kecuali inovasi mencakup sekurangnya sekian urusan pelayanan dasar."
        ),
    )
    max_spd = models.DecimalField(_("maksimum SPD"), max_digits=7, decimal_places=2)
    max_sid = models.DecimalField(_("maksimum SID"), max_digits=7, decimal_places=2)
    max_count = models.DecimalField(_("maksimum skor jumlah"), max_digits=7, decimal_places=2)
    max_total = models.DecimalField(_("skor total maksimum"), max_digits=7, decimal_places=2)
    uncertain = models.JSONField(
        _("nilai belum pasti"),
        default=list,
        blank=True,
        help_text=_("Daftar {key, note} yang perlu diperiksa."),
    )
    predicates_source = models.CharField(_("sumber predikat"), max_length=20, blank=True)
    predicates_uncertain = models.BooleanField(_("predikat belum pasti"), default=False)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("disalin dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    loaded_from = models.CharField(_("berkas data"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rubrik tahunan")
        verbose_name_plural = pgettext_lazy("plural", "rubrik tahunan")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class PredicateBand(models.Model):
    rubric = models.ForeignKey(RubricYear, on_delete=models.CASCADE, related_name="bands")
    code = models.SlugField(_("kode"), max_length=40)
    label = models.CharField(_("predikat"), max_length=60)
    min_index = models.DecimalField(_("indeks minimal"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("predikat")
        verbose_name_plural = pgettext_lazy("plural", "predikat")
        ordering = ["rubric", "-min_index"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="band_code_unique_per_rubric")
        ]

    def __str__(self) -> str:
        return f"{self.label} (≥ {self.min_index})"


class Indicator(models.Model):
    rubric = models.ForeignKey(RubricYear, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("kode"), max_length=12)
    part = models.CharField(_("bagian"), max_length=3, choices=Part.choices)
    number = models.PositiveSmallIntegerField(_("nomor"))
    sub = models.CharField(_("sub"), max_length=2, blank=True)
    variable = models.CharField(_("variabel"), max_length=100)
    name = models.CharField(_("indikator"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2)
    mandatory = models.BooleanField(_("wajib"), default=False)
    evidence = models.TextField(_("bukti dukung"), blank=True)
    file_types = models.JSONField(_("jenis berkas"), default=list, blank=True)
    accepts_url = models.BooleanField(_("menerima tautan"), default=False)
    source = models.CharField(_("sumber"), max_length=20, blank=True)
    uncertain = models.BooleanField(_("belum pasti"), default=False)
    uncertain_note = models.TextField(_("catatan ketidakpastian"), blank=True)
    derived_from = models.CharField(
        _("dihitung dari"),
        max_length=20,
        choices=[("replications", _("replikasi yang disepakati di Lumbung Inovasi"))],
        blank=True,
        help_text=_("Jawaban indikator ini diisi platform, bukan oleh OPD."),
    )

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = pgettext_lazy("plural", "indikator")
        ordering = ["rubric", "part", "number", "sub"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "code"], name="indicator_code_unique_per_rubric"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def max_score(self) -> Decimal:
        return self.weight * 3


class IndicatorOption(models.Model):
    """One parameter level of an indicator. `basis` separates alternative option sets (2026 SID 33
    "Kemanfaatan": beneficiaries, coverage, spending efficiency, …); levels of different bases are
    never mixed."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="options")
    basis = models.SlugField(_("dasar"), max_length=40, blank=True)
    basis_label = models.CharField(_("nama dasar"), max_length=120, blank=True)
    basis_evidence = models.TextField(_("bukti dukung dasar"), blank=True)
    level = models.PositiveSmallIntegerField(_("tingkat"))
    label = models.CharField(_("parameter"), max_length=300)
    score = models.DecimalField(_("skor"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("parameter indikator")
        verbose_name_plural = pgettext_lazy("plural", "parameter indikator")
        ordering = ["indicator", "basis", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "basis", "level"], name="option_level_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}. {self.label} ({self.score})"


class GovernmentAffair(models.Model):
    """Urusan pemerintahan (UU 23/2014 + support functions), as used in the innovation profile."""

    class Group(models.TextChoices):
        BASIC_SERVICE = "wajib_pelayanan_dasar", _("Wajib, pelayanan dasar")
        MANDATORY_OTHER = "wajib_non_pelayanan_dasar", _("Wajib, bukan pelayanan dasar")
        OPTIONAL = "pilihan", _("Pilihan")
        SUPPORT = "penunjang", _("Fungsi penunjang")

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("urusan"), max_length=120)
    group = models.CharField(_("kelompok"), max_length=30, choices=Group.choices)
    basic_service = models.BooleanField(_("pelayanan dasar"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("urusan pemerintahan")
        verbose_name_plural = pgettext_lazy("plural", "urusan pemerintahan")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name
