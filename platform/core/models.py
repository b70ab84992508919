"""The platform's audit trail: who did what, when, to which region. Written in the same
transaction as the change it records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
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


class PublicChange(models.Model):
    """A change of the public site's data (the catalog, regions, index snapshots, official
    results, rubric years) for the API's public change feed (core.public_changes): which row of
    which collection was created, updated or deleted. Written by the database itself
    (triggers of migration 0004), in the transaction of the change, whoever wrote it; `at` is
    when that transaction began, so a reader that stops at the commit horizon never skips one.
    Kept PUBLIC_CHANGE_KEEP_DAYS."""

    at = models.DateTimeField(db_default=Now())
    collection = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    operation = models.CharField(max_length=10)
    # Whose figures changed, where not everyone may see them: an update of an index snapshot
    # that moved only the figures a region's overseers see (is_public false).
    region_id = models.BigIntegerField(null=True, blank=True)
    is_public = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["at", "id"], name="public_change_position")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.collection} {self.key} {self.operation}"
