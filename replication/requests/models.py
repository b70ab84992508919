"""Replication cooperation requests between two regions (public schema): the request, its
timeline of transitions (who, when, note, documents), and the documents of each step."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", pgettext_lazy("replication request", "Ditolak")
    VISIT_SCHEDULED = "visit_scheduled", _("Kunjungan dijadwalkan")
    # One side recorded the visit; the other has not yet confirmed it.
    VISIT_RECORDED = "visit_recorded", _("Kunjungan menunggu konfirmasi")
    VISIT_DONE = "visit_done", _("Kunjungan selesai")
    # One side recorded the agreement; the other has not yet confirmed it (no credit yet).
    AGREEMENT_RECORDED = "agreement_recorded", _("Kesepakatan menunggu konfirmasi")
    AGREEMENT = "agreement", _("Kesepakatan")
    IMPLEMENTATION = "implementation", _("Implementasi")
    COMPLETED = "completed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")
    EXPIRED = "expired", _("Kedaluwarsa")


CLOSED_STATUSES = frozenset(
    {
        RequestStatus.DECLINED,
        RequestStatus.COMPLETED,
        RequestStatus.CANCELLED,
        RequestStatus.EXPIRED,
    }
)
# From the agreement both sides confirmed on, the origin innovation counts the requester as a
# replicating region.
CREDITED_STATUSES = frozenset(
    {RequestStatus.AGREEMENT, RequestStatus.IMPLEMENTATION, RequestStatus.COMPLETED}
)


class AgreementKind(models.TextChoices):
    PKS = "pks", _("Perjanjian Kerja Sama (PKS)")
    MOU = "mou", _("Nota Kesepahaman (MoU)")
    LETTER = "letter", _("Surat resmi / surat pernyataan")
    # The written commitment to replicate (PermenPANRB 89/2020's replication steps end in one).
    COMMITMENT = "commitment", _("Surat komitmen replikasi")


class ReplicationRequest(models.Model):
    requester = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="replication_requests_made"
    )
    origin = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="replication_requests_received"
    )
    entry = models.ForeignKey(
        "catalog.CatalogEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    # What was requested, kept even if the entry is later unpublished.
    origin_innovation_id = models.BigIntegerField()
    origin_public_id = models.UUIDField()
    innovation_name = models.CharField(_("inovasi"), max_length=255)
    status = models.CharField(
        _("status"), max_length=24, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    message = models.TextField(_("pesan permohonan"), blank=True)
    decline_reason = models.TextField(_("alasan penolakan"), blank=True)
    visit_date = models.DateField(_("tanggal kunjungan"), null=True, blank=True)
    visit_participants = models.TextField(_("peserta kunjungan"), blank=True)
    agreement_kind = models.CharField(
        _("jenis kesepakatan"), max_length=10, choices=AgreementKind.choices, blank=True
    )
    agreement_number = models.CharField(_("nomor kesepakatan"), max_length=120, blank=True)
    agreement_signed_on = models.DateField(_("tanggal penandatanganan"), null=True, blank=True)
    agreement_valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    replica_innovation_id = models.BigIntegerField(null=True, blank=True)
    replica_name = models.CharField(_("inovasi replika"), max_length=255, blank=True)
    # Which side ("requester" or "origin") recorded the visit or agreement now awaiting the
    # other side's confirmation; empty when nothing awaits.
    recorded_by = models.CharField(max_length=10, blank=True)
    # Two-way agreement: the requester's own published innovation that the origin replicates
    # under the same agreement (a request the other way is opened or moved when it is confirmed).
    reverse_entry = models.ForeignKey(
        "catalog.CatalogEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("inovasi yang direplikasi balik"),
    )
    # The request whose agreement this one shares (the other direction of a two-way agreement).
    agreement_request = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="shared_by"
    )
    requester_confirmed_at = models.DateTimeField(null=True, blank=True)
    origin_confirmed_at = models.DateTimeField(null=True, blank=True)
    # When the credit was written, and into which year's report; both empty for an agreement
    # whose year was no longer open (it is shown, not counted) and after a withdrawal.
    credited_at = models.DateTimeField(null=True, blank=True)
    credit_year = models.PositiveSmallIntegerField(null=True, blank=True)
    expires_at = models.DateTimeField(_("kedaluwarsa pada"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("permohonan replikasi")
        verbose_name_plural = pgettext_lazy("plural", "permohonan replikasi")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=models.F("origin")), name="request_not_to_itself"
            ),
            # One open request per requester and innovation: asking twice is a mistake.
            models.UniqueConstraint(
                fields=["requester", "origin", "origin_innovation_id"],
                condition=~Q(status__in=["declined", "completed", "cancelled", "expired"]),
                name="one_open_request_per_innovation",
            ),
        ]
        indexes = [
            models.Index(fields=["requester", "status"]),
            models.Index(fields=["origin", "status"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.requester} ← {self.origin}: {self.innovation_name}"

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    def agreement_document(self) -> RequestDocument | None:
        """The signed agreement: this request's own, or the one of the request whose two-way
        agreement it shares."""
        own = self.documents.filter(kind=DocumentKind.AGREEMENT).order_by("-pk").first()
        if own is None and self.agreement_request is not None:
            return self.agreement_request.agreement_document()
        return own

    @property
    def paused_by(self):
        """The closed (deactivated) region that holds this open request up, if any: nobody can
        take a step until it is active again."""
        if not self.is_open:
            return None
        return next(
            (region for region in (self.origin, self.requester) if not region.is_active), None
        )


class RequestEvent(models.Model):
    """One step of the timeline: a transition (or a confirmation) with its note."""

    request = models.ForeignKey(ReplicationRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    actor_region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} → {self.to_status}"


class DocumentKind(models.TextChoices):
    LETTER_OF_INTEREST = "letter_of_interest", _("Surat permohonan/minat")
    VISIT_MINUTES = "visit_minutes", _("Notulen kunjungan")
    VISIT_PHOTO = "visit_photo", _("Foto kunjungan")
    AGREEMENT = "agreement", _("Dokumen kesepakatan")
    OTHER = "other", _("Lainnya")


def request_upload_path(instance: RequestDocument, filename: str) -> str:
    import secrets
    from pathlib import PurePosixPath

    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"replication/{instance.request_id}/{secrets.token_hex(16)}{suffix}"


class RequestDocument(models.Model):
    request = models.ForeignKey(
        ReplicationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    event = models.ForeignKey(
        RequestEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    kind = models.CharField(_("jenis"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(upload_to=request_upload_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
