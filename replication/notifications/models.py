"""In-app notifications (public schema, per user) and each user's e-mail preference."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notification(models.Model):
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    region = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    # What the notification is about (e.g. "request-event:42"): one notification per person and
    # source, however often the effect that creates it runs.
    source = models.CharField(max_length=60, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = pgettext_lazy("plural", "notifikasi")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source"],
                condition=~models.Q(source=""),
                name="notification_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title


class EmailPreference(models.TextChoices):
    IMMEDIATE = "immediate", _("Langsung, setiap ada kejadian")
    DAILY_DIGEST = "daily", _("Ringkasan harian")
    NONE = "none", _("Tidak usah dikirim e-mail")


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="notification_settings"
    )
    email = models.CharField(
        _("e-mail notifikasi"),
        max_length=10,
        choices=EmailPreference.choices,
        default=EmailPreference.IMMEDIATE,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pengaturan notifikasi")
        verbose_name_plural = pgettext_lazy("plural", "pengaturan notifikasi")

    def __str__(self) -> str:
        return f"{self.user}: {self.email}"
