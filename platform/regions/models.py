"""The 552 regional governments (pemda) and the host names they are served at."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


class Region(TenantMixin):
    """One pemda. Every row exists from the start; its schema is created on activation."""

    code = models.CharField(_("kode Kemendagri"), max_length=5, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=RegionKind.choices)
    province = models.ForeignKey(
        "self",
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members_of_province",
        limit_choices_to={"kind": RegionKind.PROVINSI},
    )
    slug = models.SlugField(_("slug URL"), max_length=63, unique=True)
    # False for the administrative kabupaten/kota of Jakarta (data/administrative_regions.yaml):
    # they may use the platform but are not ranked as pemda.
    is_autonomous = models.BooleanField(_("daerah otonom"), default=True, db_default=True)
    is_active = models.BooleanField(_("aktif"), default=False)
    # The region's admins must confirm their sign-in with a second factor (accounts.two_factor).
    require_admin_second_factor = models.BooleanField(
        _("admin wajib verifikasi dua langkah"), default=False, db_default=False
    )
    activated_at = models.DateTimeField(_("diaktifkan pada"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("dinonaktifkan pada"), null=True, blank=True)

    # Schemas are created by regions.activation (fast clone of a current template), never by save(),
    # and never dropped by delete().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("daerah")
        verbose_name_plural = pgettext_lazy("plural", "daerah")
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "province"]), models.Index(fields=["is_active"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Full official name: 'Provinsi Sumatera Utara', 'Kabupaten Karo', 'Kota Medan'."""
        return self.official_name(self.kind, self.name)

    @staticmethod
    def official_name(kind: str, name: str) -> str:
        """display_name from a region's stored kind and name (for lists read as values)."""
        return f"Provinsi {name}" if kind == RegionKind.PROVINSI else name

    @property
    def short_name(self) -> str:
        """Name without the kind word: 'Karo', 'Medan', 'Sumatera Utara'."""
        for prefix in ("Kabupaten ", "Kota "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name

    @property
    def province_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def is_province(self) -> bool:
        return self.kind == RegionKind.PROVINSI


class Domain(DomainMixin):
    """A custom host name of a region (e.g. inovasi.madina.go.id).

    The default host, <slug>.<BASE_DOMAIN>, needs no row: it is derived from the slug, so changing
    BASE_DOMAIN never strands a region.
    """

    class Meta:
        verbose_name = _("domain khusus")
        verbose_name_plural = pgettext_lazy("plural", "domain khusus")

    def __str__(self) -> str:
        return self.domain


class SchemaState(models.Model):
    """Where one region schema (or the template) stands in the tenant migrations, as last seen by
    the roll-out, an activation or a request that found it behind, and why its last roll-out
    failed, if it did. The schema's own django_migrations table stays the truth; this summary
    lets /healthz and `manage.py region_schemas` count lagging and failed regions in one query
    instead of reading 552 schemas."""

    schema_name = models.CharField(max_length=63, unique=True)
    # "app.migration" for every tenant migration applied in the schema.
    applied = ArrayField(models.CharField(max_length=255), default=list)
    failed_migration = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("status skema daerah")
        verbose_name_plural = _("status skema daerah")

    def __str__(self) -> str:
        return self.schema_name
