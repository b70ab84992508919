"""The facilitators' programme of a region (the Karo practice): learning events with their
schedule, invited OPDs, attendance, materials and minutes. Rows live in the region's schema."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.assessment.storage import region_upload_path
from tenants.programme.vocabulary import kind_choices, kind_label


class LearningEvent(models.Model):
    kind = models.CharField(_("jenis kegiatan"), max_length=30, choices=kind_choices)
    title = models.CharField(_("judul"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    description = models.TextField(_("uraian"), blank=True, max_length=5000)
    invited_opds = models.ManyToManyField(
        "organization.OpdUnit", blank=True, related_name="+", verbose_name=_("OPD diundang")
    )
    minutes = models.TextField(_("notula"), blank=True, max_length=20000)
    minutes_file = models.FileField(
        _("berkas notula"), upload_to=region_upload_path, max_length=300, blank=True
    )
    minutes_file_name = models.CharField(max_length=255, blank=True)
    minutes_file_type = models.CharField(max_length=100, blank=True)
    is_demo = models.BooleanField(default=False)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kegiatan pembelajaran")
        verbose_name_plural = pgettext_lazy("plural", "kegiatan pembelajaran")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="learning_event_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


class Attendance(models.Model):
    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="attendances")
    opd = models.ForeignKey(
        "organization.OpdUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("OPD")
    )
    person_name = models.CharField(_("nama peserta"), max_length=150)
    facilitator = models.ForeignKey(
        "organization.Facilitator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("fasilitator inovasi"),
    )
    present = models.BooleanField(_("hadir"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = pgettext_lazy("plural", "kehadiran")
        ordering = ["opd__name", "person_name"]
        constraints = [
            models.UniqueConstraint(
                "event", "opd", Lower("person_name"), name="attendance_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.person_name


class EventMaterial(models.Model):
    """A file or a link shared with the participants (exactly one of the two)."""

    event = models.ForeignKey(LearningEvent, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to=region_upload_path, max_length=300, blank=True)
    link = models.URLField(_("tautan"), max_length=500, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("materi kegiatan")
        verbose_name_plural = pgettext_lazy("plural", "materi kegiatan")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="event_material_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title
