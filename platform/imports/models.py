"""What the import engine keeps: the aliases the platform admin adds to a vocabulary, and each
import run (the uploaded file, its preview, what was applied). Public schema: runs of every region
live here, always read through their region and their author."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VocabularyAlias(models.Model):
    """Another form of an allowed value, added by the platform admin next to the aliases shipped
    as data (imports/data/vocabulary/*.yaml)."""

    vocabulary = models.CharField(_("kosakata"), max_length=40)
    text = models.CharField(_("bentuk yang ditulis"), max_length=200)
    means = models.CharField(
        _("berarti"), max_length=200, help_text=_("Nilai baku yang dimaksud (kode atau nama).")
    )
    reason = models.CharField(_("alasan"), max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alias kosakata")
        verbose_name_plural = _("alias kosakata")
        ordering = ["vocabulary", "text"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "text"], name="vocabulary_alias_unique")
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}: {self.text} → {self.means}"


class ImportKind(models.TextChoices):
    INNOVATIONS = "innovations", _("Inovasi")
    OFFICIAL_RESULTS = "official_results", _("Hasil resmi IID")


class RunStatus(models.TextChoices):
    CHECKING = "checking", _("Sedang diperiksa")  # a big file, checked by a worker
    PREVIEWED = "previewed", _("Menunggu konfirmasi")
    APPLYING = "applying", _("Sedang diterapkan")  # confirmed; a worker applies it
    APPLIED = "applied", _("Diterapkan")
    DISCARDED = "discarded", _("Dibatalkan")


class ImportRun(models.Model):
    """One uploaded file: checked into a preview, applied only when its author confirms. The file
    is kept (bounded by the upload cap) so the confirmation checks it again against the data as it
    is then; a preview that no longer holds is shown again instead of being applied."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255, blank=True)
    content = models.BinaryField()
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.PREVIEWED)
    # What the admin chose at confirmation (e.g. the OPDs to create), kept for a background apply.
    choices = models.JSONField(default=dict, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"


class ExportKind(models.TextChoices):
    INNOVATIONS = "innovations", _("Inovasi setahun")
    PACKAGE = "package", _("Paket unggah")
    HISTORY = "history", _("Riwayat perubahan")
    RANKINGS = "rankings", _("Peringkat")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


def export_upload_path(job: ExportJob, filename: str) -> str:
    # One folder per job, named by its public id: writing the file again (a redelivered effect)
    # replaces it instead of leaving a copy beside it. Never served from MEDIA_URL: the API
    # streams it to the job's author only (imports.exports.job_for).
    return f"exports/{job.public_id}/{filename}"


class ExportJob(models.Model):
    """One file asked for over the API, written by a worker (`imports.export` effect) and kept
    until `expires_at` (EXPORT_KEEP_HOURS after it was made). Public schema: jobs of every
    region live here, always read through their region and their author."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    # None: asked for on the public site (rankings only).
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    parameters = models.JSONField(default=dict, blank=True)
    file_type = models.CharField(max_length=10)
    # QUEUED until a worker claims it, RUNNING while it writes the file (no transaction open),
    # then DONE or FAILED (imports.exports.process_export).
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=export_upload_path, max_length=300, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_by", "region", "-created_at"]),
            models.Index(fields=["expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_type} ({self.get_status_display()})"
