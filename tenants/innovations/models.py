"""The innovation profile (profil inovasi) of one region, in the region's own schema.

A profile is year-independent: it carries over from one assessment year to the next. What belongs
to a year (indicator answers, evidence, the verification status) lives in tenants.assessment."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.partial_dates import DatePrecision, format_partial
from tenants.assessment.storage import region_upload_path

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RANCANG_BANGUN_MIN_WORDS = 300


class Stage(models.TextChoices):
    INITIATIVE = "initiative", _("Inisiatif")
    TRIAL = "trial", _("Uji coba")
    IMPLEMENTATION = "implementation", _("Penerapan")


class Initiator(models.TextChoices):
    REGIONAL_HEAD = "regional_head", _("Kepala Daerah")
    DPRD_MEMBER = "dprd_member", _("Anggota DPRD")
    OPD = "opd", _("OPD")
    ASN = "asn", _("ASN")
    COMMUNITY = "community", _("Masyarakat")


class Form(models.TextChoices):
    """Bentuk inovasi, PP 38/2017 Pasal 9."""

    GOVERNANCE = "governance", _("Inovasi tata kelola pemerintahan daerah")
    PUBLIC_SERVICE = "public_service", _("Inovasi pelayanan publik")
    OTHER_AFFAIR = "other_affair", _("Inovasi daerah lainnya sesuai urusan pemerintahan")


class Innovation(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nama inovasi"), max_length=255)
    opd = models.ForeignKey(
        "organization.OpdUnit",
        verbose_name=_("OPD pengusul"),
        on_delete=models.PROTECT,
        related_name="innovations",
    )
    # Tahapan, inisiator, jenis, bentuk and urusan may be unknown ("" / None, shown as "Belum
    # ditentukan") in a draft: regions' lists rarely carry them. Submission requires them
    # (tenants.innovations.validation.completeness_gaps).
    stage = models.CharField(_("tahapan"), max_length=20, choices=Stage.choices, blank=True)
    initiator = models.CharField(
        _("inisiator"), max_length=20, choices=Initiator.choices, blank=True
    )
    initiator_name = models.CharField(_("nama inisiator"), max_length=200, blank=True)
    is_digital = models.BooleanField(_("inovasi digital"), null=True, blank=True, default=None)
    form = models.CharField(_("bentuk inovasi"), max_length=20, choices=Form.choices, blank=True)
    # Codes of rubric.GovernmentAffair (public schema); a code, not a foreign key, so region
    # schemas never hold constraints into the shared schema.
    affair = models.CharField(_("urusan pemerintahan"), max_length=60, blank=True)
    other_affairs = models.JSONField(_("urusan lain yang beririsan"), default=list, blank=True)
    # Each date keeps how precisely it was written ("2021", "Februari 2021"): stored as the first
    # day of its period and shown as written (core.partial_dates).
    trial_started_on = models.DateField(_("waktu uji coba"), null=True, blank=True)
    trial_started_on_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        db_default=DatePrecision.DAY,  # code that predates the column can still insert
    )
    implemented_on = models.DateField(_("waktu penerapan"), null=True, blank=True)
    implemented_on_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        db_default=DatePrecision.DAY,  # code that predates the column can still insert
    )
    developed_on = models.DateField(_("waktu pengembangan terbaru"), null=True, blank=True)
    developed_on_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        db_default=DatePrecision.DAY,  # code that predates the column can still insert
    )
    design = models.TextField(
        _("rancang bangun"),
        blank=True,
        help_text=_(
            "Dasar hukum, permasalahan, isu strategis, metode pembaharuan, keunggulan/kebaharuan, "
            "cara kerja inovasi; sekurangnya 300 kata."
        ),
    )
    goals = models.TextField(_("tujuan inovasi"), blank=True)
    benefits = models.TextField(_("manfaat yang diperoleh"), blank=True)
    results = models.TextField(_("hasil inovasi"), blank=True)
    budget_amount = models.DecimalField(
        _("anggaran (Rp)"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    budget_document = models.FileField(
        _("dokumen anggaran"), upload_to=region_upload_path, blank=True, max_length=300
    )
    business_profile = models.FileField(
        _("profil bisnis"), upload_to=region_upload_path, blank=True, max_length=300
    )
    video_url = models.URLField(_("tautan video"), blank=True, max_length=500)
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    ip_registration = models.CharField(
        _("pencatatan HKI"),
        max_length=120,
        blank=True,
        help_text=_("Nomor pencatatan/pendaftaran HKI, bila ada."),
    )
    # A replica records where it came from (another region's published innovation): by code and
    # public id, never a foreign key across schemas.
    origin_region_code = models.CharField(
        _("kode daerah asal replikasi"), max_length=5, blank=True, editable=False
    )
    origin_public_id = models.UUIDField(null=True, blank=True, editable=False)
    origin_name = models.CharField(
        _("inovasi asal replikasi"), max_length=255, blank=True, editable=False
    )
    created_by_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inovasi")
        verbose_name_plural = pgettext_lazy("plural", "inovasi")
        ordering = ["name"]
        constraints = [
            # Re-importing a spreadsheet matches rows by (OPD, name): the same innovation twice in
            # one OPD is always a mistake.
            models.UniqueConstraint("opd", Lower("name"), name="innovation_name_unique_per_opd"),
        ]
        indexes = [models.Index(fields=["stage"]), models.Index(fields=["affair"])]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def field_label(cls, name: str) -> StrOrPromise:
        """The verbose name of one of the profile's own fields."""
        field = cls._meta.get_field(name)
        assert isinstance(field, models.Field)  # a field of the profile, not a reverse relation
        return field.verbose_name

    def date_as_written(self, field: str) -> str:
        """A profile date as it was written: "2 Februari 2021", "Februari 2021" or "2021"."""
        return format_partial(getattr(self, field), getattr(self, f"{field}_precision"))

    @property
    def trial_started_text(self) -> str:
        return self.date_as_written("trial_started_on")

    @property
    def implemented_text(self) -> str:
        return self.date_as_written("implemented_on")

    @property
    def developed_text(self) -> str:
        return self.date_as_written("developed_on")

    @property
    def design_word_count(self) -> int:
        return len(self.design.split())
