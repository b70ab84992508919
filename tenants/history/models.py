"""The history of every change to an innovation, its answers and its evidence: who, when, what.
Written by the services in the same transaction as the change; never edited."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Change(models.Model):
    class Subject(models.TextChoices):
        INNOVATION = "innovation", _("Profil inovasi")
        REPORT = "report", _("Status verifikasi")
        ANSWER = "answer", _("Jawaban indikator")
        EVIDENCE = "evidence", _("Bukti dukung")

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(_("oleh"), max_length=150, blank=True)
    innovation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    innovation_name = models.CharField(_("inovasi"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    subject = models.CharField(_("objek"), max_length=12, choices=Subject.choices)
    subject_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(_("tindakan"), max_length=40)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("riwayat perubahan")
        verbose_name_plural = pgettext_lazy("plural", "riwayat perubahan")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
