"""The idea box (kotak ide) of one region: anyone in the region proposes an idea all year;
Bappeda triages it (needs work, duplicate, accepted); an OPD adopts an accepted idea and it moves
into the innovation lab (tenants.lab). Lives in the region's own schema."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposerKind(models.TextChoices):
    PUBLIC = "public", _("Masyarakat")
    ASN = "asn", _("ASN")
    OPD = "opd", _("OPD")


class IdeaStatus(models.TextChoices):
    NEW = "new", _("Baru")
    NEEDS_WORK = "needs_work", _("Perlu dilengkapi")
    DUPLICATE = "duplicate", _("Duplikat")
    ACCEPTED = "accepted", _("Diterima")
    ADOPTED = "adopted", _("Diadopsi OPD")


class Idea(models.Model):
    # What the proposer keeps to follow the idea's status on the public page (status only).
    receipt_code = models.CharField(_("kode tanda terima"), max_length=14, unique=True)
    title = models.CharField(_("judul ide"), max_length=200)
    problem = models.TextField(_("masalah yang ingin diselesaikan"), max_length=5000)
    proposal = models.TextField(_("usulan"), max_length=5000)
    proposer_kind = models.CharField(_("pengusul"), max_length=10, choices=ProposerKind.choices)
    proposer_name = models.CharField(_("nama pengusul"), max_length=150)
    proposer_contact = models.CharField(_("kontak pengusul"), max_length=200, blank=True)
    # A member's account (users live in the public schema: an id, not a foreign key).
    proposer_user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    suggested_opd = models.ForeignKey(
        "organization.OpdUnit",
        verbose_name=_("OPD yang disarankan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.NEW
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplikat dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    triage_note = models.TextField(_("catatan triase"), blank=True, max_length=2000)
    triaged_by_id = models.BigIntegerField(null=True, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    adopted_by_opd = models.ForeignKey(
        "organization.OpdUnit",
        verbose_name=_("diadopsi oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_ideas",
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ide")
        verbose_name_plural = pgettext_lazy("plural", "ide")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="duplicate", duplicate_of__isnull=False)
                | ~models.Q(status="duplicate"),
                name="idea_duplicate_names_original",
            ),
            models.CheckConstraint(
                condition=models.Q(status="adopted", adopted_by_opd__isnull=False)
                | ~models.Q(status="adopted"),
                name="idea_adopted_names_opd",
            ),
        ]

    def __str__(self) -> str:
        return self.title
