"""The innovation lab (laboratorium inovasi) of one region: projects of an OPD moving through the
stages of data/stages.yaml with the documents each stage needs, and each OPD's yearly commitments
(SK Tim Inovasi, kontrak kinerja). Lives in the region's own schema."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.assessment.storage import region_upload_path


class LabProject(models.Model):
    title = models.CharField(_("judul"), max_length=200)
    opd = models.ForeignKey(
        "organization.OpdUnit",
        verbose_name=_("OPD"),
        on_delete=models.PROTECT,
        related_name="lab_projects",
    )
    origin_idea = models.OneToOneField(
        "ideas.Idea",
        verbose_name=_("ide asal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lab_project",
    )
    problem = models.TextField(_("masalah"), blank=True, max_length=5000)
    # A code of data/stages.yaml (tenants.lab.stages), checked by the services.
    stage = models.CharField(_("tahap"), max_length=30)
    team = models.TextField(
        _("tim"), blank=True, max_length=2000, help_text=_("Satu nama per baris.")
    )
    started_on = models.DateField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    innovation = models.OneToOneField(
        "innovations.Innovation",
        verbose_name=_("inovasi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lab_project",
    )
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("proyek laboratorium inovasi")
        verbose_name_plural = pgettext_lazy("plural", "proyek laboratorium inovasi")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class StageDocument(models.Model):
    project = models.ForeignKey(LabProject, on_delete=models.CASCADE, related_name="documents")
    stage = models.CharField(_("tahap"), max_length=30)
    kind = models.CharField(_("jenis"), max_length=40)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=region_upload_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by_id = models.BigIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen tahap")
        verbose_name_plural = pgettext_lazy("plural", "dokumen tahap")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


class OpdCommitment(models.Model):
    """An OPD's SK Tim Inovasi or kontrak kinerja for one year (the Karo rule: every instance has
    one of each, every year)."""

    opd = models.ForeignKey(
        "organization.OpdUnit",
        verbose_name=_("OPD"),
        on_delete=models.PROTECT,
        related_name="lab_commitments",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    # A code of data/commitments.yaml (tenants.lab.commitments), checked by the services.
    kind = models.CharField(_("jenis"), max_length=30)
    number = models.CharField(_("nomor"), max_length=100)
    signed_on = models.DateField(_("tanggal"))
    signed_by = models.CharField(_("ditandatangani oleh"), max_length=150)
    file = models.FileField(_("berkas"), upload_to=region_upload_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by_id = models.BigIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("komitmen inovasi OPD")
        verbose_name_plural = pgettext_lazy("plural", "komitmen inovasi OPD")
        ordering = ["-year", "opd__name", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "year", "kind"], name="lab_commitment_once_per_opd_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.opd} {self.year}"
