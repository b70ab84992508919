"""What a region chose to share with other regions: an innovation marked "dapat direplikasi",
with a contact person and the documents a replicator needs. This is the source of truth; the
national catalog (replication.catalog, public schema) is a projection of it and can be rebuilt
from every region's Publication rows at any time."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.assessment.storage import region_upload_path


class Publication(models.Model):
    innovation = models.OneToOneField(
        "innovations.Innovation", on_delete=models.CASCADE, related_name="publication"
    )
    contact_name = models.CharField(_("narahubung"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail narahubung"), blank=True)
    contact_phone = models.CharField(_("telepon narahubung"), max_length=30, blank=True)
    notes = models.TextField(
        _("catatan untuk daerah replikator"),
        blank=True,
        help_text=_("Syarat, kebutuhan SDM atau hal yang perlu disiapkan daerah yang mereplikasi."),
    )
    published_by_id = models.BigIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publikasi replikasi")
        verbose_name_plural = pgettext_lazy("plural", "publikasi replikasi")

    def __str__(self) -> str:
        return str(self.innovation)


class DocumentKind(models.TextChoices):
    SOP = "sop", _("SOP")
    BUDGET = "budget", _("Rincian anggaran")
    REGULATION = "regulation", _("Regulasi")
    GUIDE = "guide", _("Panduan/manual")
    OTHER = "other", _("Lainnya")


class PublicationDocument(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=region_upload_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen replikasi")
        verbose_name_plural = pgettext_lazy("plural", "dokumen replikasi")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.title
