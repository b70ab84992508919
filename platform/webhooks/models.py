"""Webhook subscriptions and their deliveries (public schema). A subscription belongs to one
region (its admins manage it; it hears that region's events) or, with no region, to the public
network (platform operators manage it; it hears the network's public events of every region).

Each event a subscription wants becomes one `WebhookDelivery` row, written in the transaction of
the change that caused it, with the exact body to send; the pipeline effect `webhooks.deliver`
POSTs it after the commit and records every attempt on the row."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WebhookSubscription(models.Model):
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("daerah"),
        help_text=_("Kosong: jaringan publik (dikelola operator platform)."),
    )
    url = models.URLField(_("URL tujuan"), max_length=500)
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    event_types = models.JSONField(_("jenis peristiwa"), default=list)
    is_active = models.BooleanField(_("aktif"), default=True)
    # Kept as is: signing needs it. It is shown once (on creation and on rotation), never again.
    secret = models.CharField(max_length=100, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    secret_rotated_at = models.DateTimeField(_("rahasia diganti"), null=True, blank=True)

    class Meta:
        verbose_name = _("langganan webhook")
        verbose_name_plural = pgettext_lazy("plural", "langganan webhook")
        ordering = ["pk"]
        indexes = [models.Index(fields=["region", "is_active"], name="webhooks_region_active")]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("menunggu")
    DELIVERED = "delivered", _("terkirim")
    FAILED = "failed", _("gagal")


class WebhookDelivery(models.Model):
    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("langganan"),
    )
    event_id = models.UUIDField(_("ID peristiwa"), default=uuid.uuid4)
    event_type = models.CharField(_("jenis peristiwa"), max_length=80)
    payload = models.JSONField(_("isi"))  # the body sent, as JSON
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_attempt_at = models.DateTimeField(_("percobaan terakhir"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("kode jawaban"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    delivered_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman webhook")
        verbose_name_plural = pgettext_lazy("plural", "pengiriman webhook")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhooks_one_delivery_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["subscription", "-created_at"], name="webhooks_delivery_log")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"
