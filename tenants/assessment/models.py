"""What a region reports for one assessment year: per innovation a report (its verification
status), indicator answers (SID per innovation, SPD for the region) and their evidence.

Answers name an indicator by its rubric code ("SID-16") and a level, never by a row id, so a
corrected rubric data file keeps every answer valid. Rows live in the region's own schema."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.assessment.storage import region_upload_path


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    VERIFIED = "verified", _("Terverifikasi")


class Report(models.Model):
    """One innovation in one assessment year, and where it stands in verification."""

    innovation = models.ForeignKey(
        "innovations.Innovation", on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("tahun penilaian"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submission_count = models.PositiveSmallIntegerField(_("jumlah pengajuan"), default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by_id = models.BigIntegerField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("laporan inovasi")
        verbose_name_plural = pgettext_lazy("plural", "laporan inovasi")
        ordering = ["-year", "innovation__name"]
        constraints = [
            models.UniqueConstraint(fields=["innovation", "year"], name="report_once_per_year"),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.innovation} ({self.year})"

    @property
    def is_locked(self) -> bool:
        """Submitted and verified reports are read-only for their OPD until returned/reopened."""
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)


class Answer(models.Model):
    """The chosen parameter level of one indicator: per report for SID, per year for SPD
    (report is null)."""

    year = models.PositiveSmallIntegerField(_("tahun penilaian"))
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    indicator_code = models.CharField(_("indikator"), max_length=12)
    basis = models.SlugField(_("dasar"), max_length=40, blank=True)
    level = models.PositiveSmallIntegerField(_("tingkat"), null=True, blank=True)
    note = models.TextField(_("keterangan"), blank=True)
    updated_by_id = models.BigIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jawaban indikator")
        verbose_name_plural = pgettext_lazy("plural", "jawaban indikator")
        ordering = ["indicator_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator_code"],
                condition=Q(report__isnull=False),
                name="answer_once_per_report",
            ),
            models.UniqueConstraint(
                fields=["year", "indicator_code"],
                condition=Q(report__isnull=True),
                name="region_answer_once_per_year",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=3),
                name="answer_level_1_to_3",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_code}={self.level}"


class EvidenceStatus(models.TextChoices):
    PENDING = "pending", _("Belum diperiksa")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")


class Evidence(models.Model):
    """A bukti dukung: an uploaded file (validated by content) or a link."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=region_upload_path, blank=True, max_length=300)
    url = models.URLField(_("tautan"), blank=True, max_length=500)
    original_name = models.CharField(_("nama berkas"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EvidenceStatus.choices, default=EvidenceStatus.PENDING
    )
    review_note = models.TextField(_("catatan pemeriksa"), blank=True)
    uploaded_by_id = models.BigIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    reviewed_by_id = models.BigIntegerField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Copied by the platform from an outside record (a replication request's agreement), whose
    # id this is; empty for evidence people uploaded (tenants.assessment.derived).
    credit_source_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = pgettext_lazy("plural", "bukti dukung")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_is_file_or_url",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name or self.url

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def label(self) -> str:
        return self.original_name or self.url


class ReviewNote(models.Model):
    """A verifier's note when returning a report: on one profile field, one indicator, or the
    report as a whole (target empty)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    target = models.CharField(_("bagian"), max_length=40, blank=True)
    message = models.TextField(_("catatan"))
    round = models.PositiveSmallIntegerField(_("putaran"), default=1)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the OPD submits again (it answered the note); the note stays on record.
    resolved_at = models.DateTimeField(_("ditindaklanjuti pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("catatan verifikasi")
        verbose_name_plural = pgettext_lazy("plural", "catatan verifikasi")
        ordering = ["-round", "target", "pk"]

    def __str__(self) -> str:
        return f"{self.target or '-'}: {self.message[:40]}"
