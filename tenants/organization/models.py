"""The agencies (OPD / perangkat daerah) of one region. Lives in the region's own schema."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OpdKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    KANTOR = "kantor", _("Kantor")
    BAGIAN = "bagian", _("Bagian")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    RSUD = "rsud", _("Rumah sakit daerah")
    SEKOLAH = "sekolah", _("Sekolah")
    LAINNYA = "lainnya", _("Lainnya")


class OpdUnit(models.Model):
    name = models.CharField(_("nama OPD"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(
        _("jenis"), max_length=20, choices=OpdKind.choices, default=OpdKind.DINAS
    )
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail kontak"), blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("OPD")
        verbose_name_plural = pgettext_lazy("plural", "OPD")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="opd_unit_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Facilitator(models.Model):
    """A fasilitator inovasi of one OPD (the Karo practice: two per OPD), the person Bappeda calls
    about the OPD's innovations."""

    opd = models.ForeignKey(OpdUnit, on_delete=models.CASCADE, related_name="facilitators")
    name = models.CharField(_("nama"), max_length=150)
    position = models.CharField(_("jabatan"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fasilitator inovasi")
        verbose_name_plural = pgettext_lazy("plural", "fasilitator inovasi")
        ordering = ["opd", "name"]

    def __str__(self) -> str:
        return self.name
