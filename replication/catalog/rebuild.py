"""Bringing the catalog equal to the regions' data, and proving it equals them.

`rebuild_region` is the catalog's projection of one region: it computes what the catalog must
hold (sync.expected_entries, the one definition of an entry; nothing for a region that is not
active), compares it field by field with what the catalog holds and, unless only checking,
repairs every difference. The `catalog.region` effect runs it after any change of the region
(replication.catalog.projection); `rebuild_catalog` runs it over every region, offline, from a
management command or a benchmark, as the safety net — never from a request."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import F, Func
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from regions.models import Region
from replication.catalog import sync
from replication.catalog.models import CatalogDocument, CatalogEntry

DOCUMENT_FIELDS = (
    "kind",
    "kind_label",
    "title",
    "file_name",
    "original_name",
    "content_type",
    "size",
)


@dataclass
class RegionDifference:
    region_code: str
    region_name: str
    missing: list[int] = field(default_factory=list)  # innovation ids published, not in catalog
    extra: list[int] = field(default_factory=list)  # in the catalog, not published (any more)
    changed: dict[int, list[str]] = field(default_factory=dict)  # innovation id -> field names
    expected: int = 0  # entries the region must have

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.changed)


@dataclass
class RebuildReport:
    check_only: bool
    regions: int = 0
    entries: int = 0  # entries the catalog must hold for the regions walked
    differences: list[RegionDifference] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def missing(self) -> int:
        return sum(len(item.missing) for item in self.differences)

    @property
    def extra(self) -> int:
        return sum(len(item.extra) for item in self.differences)

    @property
    def changed(self) -> int:
        return sum(len(item.changed) for item in self.differences)

    @property
    def has_differences(self) -> bool:
        return bool(self.differences)

    def summary(self) -> str:
        if not self.has_differences:
            return _("Katalog sama dengan data daerah: tidak ada perbedaan")
        counts = _(
            "%(missing)d entri hilang, %(extra)d entri berlebih, %(changed)d entri berbeda"
        ) % {
            "missing": self.missing,
            "extra": self.extra,
            "changed": self.changed,
        }
        if self.check_only:
            return _("Katalog berbeda dari data daerah: %(counts)s") % {"counts": counts}
        return _("Katalog diperbaiki: %(counts)s") % {"counts": counts}

    def lines(self) -> list[str]:
        """One line per difference, for the command's detailed output."""
        result = []
        for item in self.differences:
            label = f"{item.region_code} {item.region_name}"
            for innovation_id in item.missing:
                result.append(
                    _("%(region)s: inovasi #%(id)d hilang") % {"region": label, "id": innovation_id}
                )
            for innovation_id in item.extra:
                result.append(
                    _("%(region)s: entri inovasi #%(id)d berlebih")
                    % {"region": label, "id": innovation_id}
                )
            for innovation_id, names in item.changed.items():
                result.append(
                    _("%(region)s: inovasi #%(id)d berbeda pada %(fields)s")
                    % {"region": label, "id": innovation_id, "fields": ", ".join(names)}
                )
        return result


def rebuild_catalog(
    regions: Iterable[Region] | None = None,
    *,
    check_only: bool = False,
    progress: Callable[[Region], None] | None = None,
) -> RebuildReport:
    """Compare (and unless `check_only`, repair) the catalog entries of `regions` (default: every
    active region; then entries of regions that are no longer active count as extra)."""
    started = time.perf_counter()
    report = RebuildReport(check_only=check_only)
    walk_all = regions is None
    selected = (
        list(Region.objects.filter(is_active=True).select_related("province").order_by("code"))
        if regions is None
        else list(regions)
    )
    for region in selected:
        difference = rebuild_region(region, check_only=check_only)
        report.entries += difference.expected
        if difference:
            report.differences.append(difference)
        report.regions += 1
        if progress is not None:
            progress(region)
    if walk_all:
        for region in Region.objects.filter(
            is_active=False, pk__in=CatalogEntry.objects.values("region_id")
        ).order_by("code"):
            difference = _drop_region(region, check_only=check_only)
            if difference:
                report.differences.append(difference)
    if walk_all and not check_only:
        sync.rebuild_dictionary()
    report.seconds = time.perf_counter() - started
    return report


def rebuild_region(region: Region, *, check_only: bool = False) -> RegionDifference:
    """Compare (and unless `check_only`, repair) one region's entries with its data."""
    if not region.is_active:
        return _drop_region(region, check_only=check_only)
    difference = RegionDifference(region.code, str(region))
    with tenant_context(region), transaction.atomic():
        if not check_only:
            # One writer of this region's entries at a time (sync.lock_region).
            sync.lock_region(region.pk)
        expected = sync.expected_entries(region)
        existing = {
            entry.innovation_id: entry
            for entry in CatalogEntry.objects.filter(region=region).prefetch_related("documents")
        }
        stale_vectors = _stale_search_vectors(region) if existing else set()
        difference.expected = len(expected)
        difference.missing = sorted(set(expected) - set(existing))
        difference.extra = sorted(set(existing) - set(expected))
        for innovation_id in sorted(set(expected) & set(existing)):
            names = compare(existing[innovation_id], expected[innovation_id])
            if existing[innovation_id].pk in stale_vectors:
                names.append("search_vector")
            if names:
                difference.changed[innovation_id] = names
        if check_only:
            return difference
        if difference.extra:
            CatalogEntry.objects.filter(region=region, innovation_id__in=difference.extra).delete()
        repair = difference.missing + list(difference.changed)
        if repair:
            sync.write_entries(region, {key: expected[key] for key in repair})
        if expected:
            sync.copy_standing(region)
    return difference


def _drop_region(region: Region, *, check_only: bool) -> RegionDifference:
    """Entries of a region that is not active: its data is out of the network, so they go."""
    difference = RegionDifference(region.code, str(region))
    with transaction.atomic():
        if not check_only:
            sync.lock_region(region.pk)
        entries = CatalogEntry.objects.filter(region=region)
        difference.extra = sorted(entries.values_list("innovation_id", flat=True))
        if difference.extra and not check_only:
            entries.delete()
    return difference


def compare(entry: CatalogEntry, expected: sync.ExpectedEntry) -> list[str]:
    """Names of the fields (and "documents") in which the stored entry differs from its source,
    compared as they would be stored (decimals at the column's precision)."""
    names = [
        name
        for name in sync.COMPARED_FIELDS
        if _stored(name, getattr(entry, name)) != _stored(name, expected.fields.get(name))
    ]
    if _documents(entry.documents.all()) != _expected_documents(expected.documents):
        names.append("documents")
    return names


_FIELDS = {f.attname: f for f in CatalogEntry._meta.concrete_fields}


def _stored(name: str, value: Any) -> Any:
    model_field = _FIELDS[name]
    if value is None:
        return None
    if isinstance(model_field, models.DecimalField):
        return Decimal(value).quantize(Decimal(1).scaleb(-model_field.decimal_places))
    return model_field.to_python(value)


def _documents(rows: Iterable[CatalogDocument]) -> dict[int, tuple]:
    return {row.source_id: tuple(getattr(row, name) for name in DOCUMENT_FIELDS) for row in rows}


def _expected_documents(documents: list[dict[str, Any]]) -> dict[int, tuple]:
    return {
        document["source_id"]: tuple(document[name] for name in DOCUMENT_FIELDS)
        for document in documents
    }


def _stale_search_vectors(region: Region) -> set[int]:
    """Entries whose stored search vector is not the one their text gives (tampered, or written
    without it): one query, with the expression sync writes."""
    return set(
        CatalogEntry.objects.filter(region=region)
        .filter(_IsDistinctFrom(F("search_vector"), sync.search_vector()))
        .values_list("pk", flat=True)
    )


class _IsDistinctFrom(Func):
    arg_joiner = " IS DISTINCT FROM "
    template = "(%(expressions)s)"
    output_field = models.BooleanField()
