"""Discussion threads between Bappeda and an OPD (the Karo "ruang diskusi"): one thread per
innovation and one per OPD, with posts, mentions and attachments. An attachment marked shared
is a kelitbangan result every member of the region may read. Rows live in the region's schema;
people are named by their (public-schema) user id."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.assessment.storage import region_upload_path


class Subject(models.TextChoices):
    INNOVATION = "innovation", _("Inovasi")
    OPD = "opd", _("OPD")


class Thread(models.Model):
    subject_kind = models.CharField(_("tentang"), max_length=12, choices=Subject.choices)
    subject_id = models.BigIntegerField()
    # The OPD the thread is with: the innovation's OPD when it was opened (access asks the
    # innovation's current OPD again), or the OPD itself.
    opd = models.ForeignKey("organization.OpdUnit", on_delete=models.CASCADE, related_name="+")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("utas diskusi")
        verbose_name_plural = pgettext_lazy("plural", "utas diskusi")
        ordering = ["-last_post_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id"], name="thread_once_per_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind}:{self.subject_id}"


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author_id = models.BigIntegerField()
    author_name = models.CharField(max_length=150, blank=True)  # as it was when written
    body = models.TextField(_("pesan"), max_length=10000)
    attachment = models.FileField(
        _("lampiran"), upload_to=region_upload_path, max_length=300, blank=True
    )
    attachment_title = models.CharField(_("judul lampiran"), max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    shared = models.BooleanField(
        _("bagikan sebagai hasil kelitbangan"),
        default=False,
        help_text=_("Lampiran dapat dibaca seluruh anggota daerah di daftar hasil kelitbangan."),
    )
    mentioned_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pesan diskusi")
        verbose_name_plural = pgettext_lazy("plural", "pesan diskusi")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["shared", "-created_at"])]

    def __str__(self) -> str:
        return self.body[:60]
