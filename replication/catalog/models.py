"""The national catalog of replicable innovations (public schema): one entry per published
innovation, a projection of the origin region's data (tenants.publishing + the innovation's
profile and score), kept equal to it in the same transaction as every source change
(replication.catalog.sync) and rebuildable from all regions (rebuild_catalog)."""

from __future__ import annotations

import uuid

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CatalogEntry(models.Model):
    public_id = models.UUIDField(_("kode publik"), unique=True, default=uuid.uuid4)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="catalog_entries"
    )
    province = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="province_catalog_entries",
    )
    innovation_id = models.BigIntegerField()  # the row id in the origin region's schema
    name = models.CharField(_("nama inovasi"), max_length=255)
    opd_name = models.CharField(_("OPD"), max_length=200)
    stage = models.CharField(_("tahapan"), max_length=20)
    form = models.CharField(_("bentuk"), max_length=20)
    affair = models.CharField(_("urusan"), max_length=60)
    affair_name = models.CharField(_("nama urusan"), max_length=120)
    is_digital = models.BooleanField(_("digital"), default=False)
    summary = models.TextField(_("ringkasan"), blank=True)
    goals = models.TextField(_("tujuan"), blank=True)
    benefits = models.TextField(_("manfaat"), blank=True)
    results = models.TextField(_("hasil"), blank=True)
    design_excerpt = models.TextField(_("cuplikan rancang bangun"), blank=True)
    implemented_on = models.DateField(null=True, blank=True)
    video_url = models.URLField(blank=True, max_length=500)
    year = models.PositiveSmallIntegerField(_("tahun penilaian"))
    score = models.DecimalField(_("skor inovasi"), max_digits=7, decimal_places=2, default=0)
    max_score = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    evidence_completeness = models.DecimalField(
        _("kelengkapan bukti"), max_digits=4, decimal_places=2, default=0
    )
    region_index = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    region_predicate = models.CharField(_("predikat daerah"), max_length=40, blank=True)
    region_predicate_label = models.CharField(max_length=60, blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    notes = models.TextField(blank=True)
    replica_count = models.PositiveIntegerField(_("jumlah replikasi"), default=0)
    origin_region_code = models.CharField(max_length=5, blank=True)  # when itself a replica
    origin_public_id = models.UUIDField(null=True, blank=True)
    published_at = models.DateTimeField(_("dipublikasikan"))
    refreshed_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("entri katalog")
        verbose_name_plural = pgettext_lazy("plural", "entri katalog")
        ordering = ["-score", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "innovation_id"], name="catalog_entry_once_per_innovation"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="catalog_search_gin"),
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="catalog_name_trgm"),
            models.Index(fields=["affair"]),
            models.Index(fields=["province", "region"]),
            models.Index(fields=["-published_at"]),
            # "Most replicated" reads only the few entries with replicas, best first.
            models.Index(
                fields=["-replica_count", "-score", "name"],
                condition=models.Q(replica_count__gt=0),
                name="catalog_most_replicated",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CatalogDocument(models.Model):
    """A document the origin region shares for replicators (SOP, budget, regulation). The file
    stays in the origin region's storage; it is served publicly only while the entry exists."""

    entry = models.ForeignKey(CatalogEntry, on_delete=models.CASCADE, related_name="documents")
    source_id = models.BigIntegerField()  # tenants.publishing.PublicationDocument id
    kind = models.CharField(max_length=10)
    kind_label = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    file_name = models.CharField(max_length=300)  # storage path under MEDIA_ROOT
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "source_id"], name="catalog_document_once"),
        ]

    def __str__(self) -> str:
        return self.title


class SearchSynonym(models.Model):
    """A group of equivalent search terms added by a platform admin, on top of the reviewed
    base in replication/catalog/data/search_vocabulary.yaml (replication.catalog.search_vocabulary)."""

    terms = models.CharField(
        _("istilah setara"),
        max_length=500,
        help_text=_(
            "Dipisah koma, misalnya: bumil, ibu hamil. Istilah beberapa kata dicari sebagai frasa."
        ),
    )
    note = models.CharField(_("catatan atau sumber"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sinonim pencarian katalog")
        verbose_name_plural = pgettext_lazy("plural", "sinonim pencarian katalog")

    def __str__(self) -> str:
        return self.terms


class CatalogWord(models.Model):
    """Every word the catalog's texts use: the dictionary a mistyped query word is corrected
    against (trigram similarity). Words are added as entries are written, and the dictionary is
    rebuilt with the catalog (rebuild_catalog)."""

    word = models.CharField(max_length=40, primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="catalog_word_trgm")]

    def __str__(self) -> str:
        return self.word
