"""The history of every change to the region's data: who, when, what. Innovations, their reports,
answers and evidence, and every other collection the region's API lists (OPD units, ideas, lab,
programme, ...), deletions included, so a copy kept by an integrator can follow the change feed.
Written by the services in the same transaction as the change; never edited."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# What an action did to the row of its subject, for a copy kept elsewhere (the API's change feed
# says `operation`): these create it, these delete it, every other action changes it.
CREATING_ACTIONS = frozenset(
    {
        "created",
        "created_from_call",
        "created_from_lab",
        "evidence_added",
        "published",
        "publication_document_added",
    }
)
DELETING_ACTIONS = frozenset(
    {"deleted", "evidence_removed", "unpublished", "publication_document_removed"}
)


class Change(models.Model):
    class Subject(models.TextChoices):
        INNOVATION = "innovation", _("Profil inovasi")
        REPORT = "report", _("Status verifikasi")
        ANSWER = "answer", _("Jawaban indikator")
        EVIDENCE = "evidence", _("Bukti dukung")
        MEMBER = "member", _("Anggota daerah")
        OPD_UNIT = "opd_unit", _("Unit OPD")
        FACILITATOR = "facilitator", _("Fasilitator inovasi")
        IDEA = "idea", _("Ide inovasi")
        CALL = "call", _("Sayembara inovasi")
        CALL_SUBMISSION = "call_submission", _("Usulan sayembara")
        LAB_PROJECT = "lab_project", _("Proyek laboratorium")
        LAB_DOCUMENT = "lab_document", _("Dokumen tahap laboratorium")
        COMMITMENT = "commitment", _("Komitmen inovasi OPD")
        EVENT = "event", _("Kegiatan pembelajaran")
        ATTENDANCE = "attendance", _("Kehadiran kegiatan")
        MATERIAL = "material", _("Materi kegiatan")
        PUBLICATION = "publication", _("Publikasi replikasi")
        PUBLICATION_DOCUMENT = "publication_document", _("Dokumen replikasi")
        REPORTING_TARGET = "reporting_target", _("Target pelaporan")
        INNOVATION_POST = "innovation_post", _("Pesan diskusi inovasi")
        OPD_POST = "opd_post", _("Pesan diskusi OPD")

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(_("oleh"), max_length=150, blank=True)
    innovation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    innovation_name = models.CharField(_("inovasi"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    subject = models.CharField(_("objek"), max_length=24, choices=Subject.choices)
    subject_id = models.BigIntegerField(null=True, blank=True)
    # What the subject is part of, where the API lists it under its parent (the event of an
    # attendance, the project of a lab document, the innovation of a publication document).
    parent_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(_("tindakan"), max_length=40)
    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("riwayat perubahan")
        verbose_name_plural = pgettext_lazy("plural", "riwayat perubahan")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def operation(self) -> str:
        """created, updated or deleted: what the change did to its subject's row."""
        if self.action in CREATING_ACTIONS:
            return "created"
        if self.action in DELETING_ACTIONS:
            return "deleted"
        return "updated"
