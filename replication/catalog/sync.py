"""What the catalog must hold for a region, and writing it.

`expected_entries` is the one definition of what an entry must contain. The same functions serve
the `catalog.region` effect (replication.catalog.projection: a region's entries brought equal to
its data soon after any change of it) and the rebuild over all regions
(replication.catalog.rebuild)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value

from replication.catalog.models import CatalogDocument, CatalogEntry

if TYPE_CHECKING:
    from decimal import Decimal

    from django.db.models.expressions import CombinedExpression

    from regions.models import Region

SUMMARY_CHARS = 400
DESIGN_EXCERPT_WORDS = 120
# Region-level standing comes from the region's index snapshot (copy_standing), refreshed when the
# snapshot moves; the rebuild does not count it as a divergence.
STANDING_FIELDS = ("region_index", "region_predicate", "region_predicate_label")
COMPARED_FIELDS = (
    "public_id",
    "province_id",
    "name",
    "opd_name",
    "stage",
    "form",
    "affair",
    "affair_name",
    "is_digital",
    "summary",
    "goals",
    "benefits",
    "results",
    "design_excerpt",
    "implemented_on",
    "video_url",
    "year",
    "score",
    "max_score",
    "evidence_completeness",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
    "replica_count",
    "origin_region_code",
    "origin_public_id",
    "published_at",
)


@dataclass
class ExpectedEntry:
    fields: dict[str, Any]
    documents: list[dict[str, Any]]


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def replica_count(region_id: int, innovation_id: int) -> int:
    """Distinct regions that replicate this innovation (agreement reached), as the rubric counts."""
    from replication.requests.models import CREDITED_STATUSES, ReplicationRequest

    return (
        ReplicationRequest.objects.filter(
            origin_id=region_id, origin_innovation_id=innovation_id, status__in=CREDITED_STATUSES
        )
        .values("requester_id")
        .distinct()
        .count()
    )


def expected_entries(
    region: Region, innovation_ids: list[int] | None = None
) -> dict[int, ExpectedEntry]:
    """What the catalog must hold for the region's published innovations, by innovation id.
    Runs in the region's schema (the caller enters it)."""
    from rubric.selectors import year_rubric
    from rubric.years import current_year
    from tenants.publishing.models import Publication
    from tenants.scoring.compute import innovation_scores

    chosen = Publication.objects.select_related("innovation__opd").prefetch_related("documents")
    if innovation_ids is not None:
        chosen = chosen.filter(innovation_id__in=innovation_ids)
    publications = list(chosen)
    if not publications:
        return {}
    year = current_year()
    rubric = year_rubric(year)
    reports = {
        report.innovation_id: report.pk
        for report in _reports(year, [p.innovation_id for p in publications])
    }
    scores = innovation_scores(year, list(reports.values()))
    counts = _replica_counts(region.pk, [p.innovation_id for p in publications])
    affairs = rubric.affairs if rubric else {}
    result = {}
    for publication in publications:
        innovation = publication.innovation
        report_id = reports.get(innovation.pk)
        item = scores.get(report_id) if report_id is not None else None
        affair = affairs.get(innovation.affair)
        result[innovation.pk] = ExpectedEntry(
            fields={
                "public_id": innovation.public_id,
                "province_id": region.province_id,
                "name": innovation.name,
                "opd_name": innovation.opd.name,
                "stage": innovation.stage,
                "form": innovation.form,
                "affair": innovation.affair,
                "affair_name": affair.name if affair else innovation.affair,
                "is_digital": bool(innovation.is_digital),  # published ones are verified, so known
                "summary": _summary(innovation.benefits or innovation.goals),
                "goals": innovation.goals,
                "benefits": innovation.benefits,
                "results": innovation.results,
                "design_excerpt": " ".join(innovation.design.split()[:DESIGN_EXCERPT_WORDS]),
                "implemented_on": innovation.implemented_on,
                "video_url": innovation.video_url,
                "year": year,
                "score": item.score if item else 0,
                "max_score": rubric.rubric.max_sid if rubric else 0,
                "evidence_completeness": item.evidence_completeness if item else 0,
                "contact_name": publication.contact_name,
                "contact_email": publication.contact_email,
                "contact_phone": publication.contact_phone,
                "notes": publication.notes,
                "replica_count": counts.get(innovation.pk, 0),
                "origin_region_code": innovation.origin_region_code,
                "origin_public_id": innovation.origin_public_id,
                "published_at": publication.published_at,
            },
            documents=[
                {
                    "source_id": document.pk,
                    "kind": document.kind,
                    "kind_label": str(document.get_kind_display()),
                    "title": document.title,
                    "file_name": document.file.name,
                    "original_name": document.original_name,
                    "content_type": document.content_type,
                    "size": document.size,
                }
                for document in publication.documents.all()
            ],
        )
    return result


def _reports(year: int, innovation_ids: list[int]):
    from tenants.assessment.models import Report

    return Report.objects.filter(year=year, innovation_id__in=innovation_ids).only(
        "pk", "innovation_id"
    )


def _replica_counts(region_id: int, innovation_ids: list[int]) -> dict[int, int]:
    from django.db.models import Count

    from replication.requests.models import CREDITED_STATUSES, ReplicationRequest

    rows = (
        ReplicationRequest.objects.filter(
            origin_id=region_id,
            origin_innovation_id__in=innovation_ids,
            status__in=CREDITED_STATUSES,
        )
        .values("origin_innovation_id")
        .annotate(n=Count("requester_id", distinct=True))
    )
    return {row["origin_innovation_id"]: row["n"] for row in rows}


def write_entry(region: Region, innovation_id: int, expected: ExpectedEntry) -> CatalogEntry:
    entry, _created = CatalogEntry.objects.update_or_create(
        region=region, innovation_id=innovation_id, defaults=expected.fields
    )
    keep = []
    for document in expected.documents:
        row, _ = CatalogDocument.objects.update_or_create(
            entry=entry, source_id=document["source_id"], defaults=document
        )
        keep.append(row.pk)
    CatalogDocument.objects.filter(entry=entry).exclude(pk__in=keep).delete()
    update_search_vectors([entry.pk])
    return entry


def write_entries(region: Region, expected: dict[int, ExpectedEntry]) -> list[int]:
    """Create or rewrite many entries of one region at once (publishing in bulk, the rebuild):
    new entries and their documents with one INSERT each, one UPDATE for their search vectors.
    Entries that already exist are rewritten one by one (rare: only what changed)."""
    existing = set(
        CatalogEntry.objects.filter(region=region, innovation_id__in=list(expected)).values_list(
            "innovation_id", flat=True
        )
    )
    for innovation_id in existing:
        write_entry(region, innovation_id, expected[innovation_id])
    created = CatalogEntry.objects.bulk_create(
        [
            CatalogEntry(region=region, innovation_id=innovation_id, **item.fields)
            for innovation_id, item in expected.items()
            if innovation_id not in existing
        ],
        batch_size=500,
    )
    CatalogDocument.objects.bulk_create(
        [
            CatalogDocument(entry_id=entry.pk, **document)
            for entry in created
            for document in expected[entry.innovation_id].documents
        ],
        batch_size=500,
    )
    update_search_vectors([entry.pk for entry in created])
    _relink_requests(region, created)
    return [entry.pk for entry in created]


def _relink_requests(region: Region, created: list[CatalogEntry]) -> None:
    """Requests keep what they asked for when an entry goes (unpublished, region closed); when
    the same innovation is back in the catalog, they point at its entry again."""
    from django.db.models import OuterRef, Subquery

    from replication.requests.models import ReplicationRequest

    if not created:
        return
    # One statement for the region, however many entries were created (a rebuild creates many).
    ReplicationRequest.objects.filter(
        origin=region,
        entry__isnull=True,
        origin_public_id__in=[entry.public_id for entry in created],
    ).update(
        entry=Subquery(
            CatalogEntry.objects.filter(public_id=OuterRef("origin_public_id")).values("pk")[:1]
        )
    )


# Advisory lock namespace of the catalog (any constant unlikely to clash with other users of
# advisory locks); the second key is the region id.
_LOCK_NAMESPACE = 0x4B41544C


def lock_region(region_id: int) -> None:
    """Serialise every writer of a region's entries (the catalog effect, a rebuild started by
    hand) until the current transaction ends, so they never interleave row by row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, region_id])


def update_search_vectors(entry_ids: list[int]) -> None:
    CatalogEntry.objects.filter(pk__in=entry_ids).update(search_vector=search_vector())
    record_words(entry_ids)


# The words of entries' texts, for the dictionary that corrects mistyped query words
# (CatalogWord, replication.catalog.search_query). Words only ever join it here; a full rebuild
# of the catalog drops the ones no entry uses any more (rebuild_dictionary).
_WORDS_OF_ENTRIES = """
INSERT INTO catalog_catalogword (word)
SELECT DISTINCT w FROM catalog_catalogentry e,
    regexp_split_to_table(lower(concat_ws(' ', e.name, e.opd_name, e.affair_name, e.summary,
                                          e.goals, e.benefits, e.results)), '[^a-z0-9]+') AS w
WHERE length(w) BETWEEN 3 AND 40 {only}
ON CONFLICT DO NOTHING
"""


def record_words(entry_ids: list[int]) -> None:
    if not entry_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            _WORDS_OF_ENTRIES.format(only="AND e.id = ANY(%s::bigint[])"),
            ["{" + ",".join(map(str, entry_ids)) + "}"],
        )


def rebuild_dictionary() -> None:
    """The dictionary of exactly the words the catalog uses now."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_catalogword")
        cursor.execute(_WORDS_OF_ENTRIES.format(only=""))


def search_vector() -> CombinedExpression:
    """Weighted Indonesian full-text vector: name, then summary and goals, then the rest."""
    config = Value("indonesian")
    return (
        SearchVector("name", weight="A", config=config)
        + SearchVector("affair_name", "opd_name", weight="B", config=config)
        + SearchVector("goals", "benefits", "summary", weight="B", config=config)
        + SearchVector("results", "design_excerpt", weight="C", config=config)
    )


def copy_standing(region: Region) -> None:
    """Put the region's current-year public standing (its index over verified reports, from its
    index snapshot) on all its entries, for the catalog's predicate facet. Without a snapshot yet
    the entries keep what they have; the snapshot, once computed, asks for this again."""
    from rankings.models import IndexSnapshot
    from rubric.years import current_year

    snapshot = (
        IndexSnapshot.objects.filter(region=region, year=current_year())
        .only("verified_index", "verified_predicate_code", "verified_predicate_label")
        .first()
    )
    if snapshot is not None:
        write_region_standing(
            region,
            snapshot.verified_index,
            snapshot.verified_predicate_code,
            snapshot.verified_predicate_label,
        )


def write_region_standing(region: Region, index: Decimal, predicate: str, label: str) -> None:
    """Put the region's current-year public standing on all its entries (any schema)."""
    standing = {
        "region_index": index,
        "region_predicate": predicate,
        "region_predicate_label": label,
    }
    # Only rows that differ: a rebuild with nothing to change writes nothing.
    CatalogEntry.objects.filter(region=region).exclude(**standing).update(**standing)
