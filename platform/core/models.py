"""The platform's audit trail: who did what, when, to which region. Written in the same
transaction as the change it records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("daerah"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_type = models.CharField(_("jenis peristiwa"), max_length=60, db_index=True)
    data = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = pgettext_lazy("plural", "jejak audit")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.event_type}"


class IdempotentRequest(models.Model):
    """A POST sent with an `Idempotency-Key` and the answer it got (api.idempotency): the same
    key with the same request gets the same answer again instead of doing the work twice.
    Written in the transaction of the work itself, so a request that failed or whose process
    died leaves no row and may simply be sent again. Kept for IDEMPOTENCY_KEEP_HOURS."""

    key = models.CharField(max_length=255)
    # Whose key it is: the signed-in user (0 for nobody) on one host.
    owner = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64)  # method, path, content type and body, hashed
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
