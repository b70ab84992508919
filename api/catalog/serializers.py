"""Catalog entries, facets and lineage over the API (read-only, public)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.urls import remove_query_param, replace_query_param

# Imported at run time, not only for the type checker: drf-spectacular reads the type hints of the
# SerializerMethodField getters (typing.get_type_hints) to document them.
from replication.catalog.models import CatalogDocument, CatalogEntry
from replication.catalog.selectors import MAX_PAGE_SIZE, MAX_QUERY_CHARS, OriginRef, Sort
from tenants.innovations.models import Form, Stage

if TYPE_CHECKING:
    from collections.abc import Mapping

    from replication.catalog.selectors import SearchHit, SearchResults


class CatalogQuerySerializer(serializers.Serializer):
    """Validates the search parameters (the OpenAPI parameters are declared on the view)."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_QUERY_CHARS, trim_whitespace=True
    )
    province = serializers.ListField(
        child=serializers.RegexField(r"^\d{2}$"), required=False, default=list
    )
    region = serializers.ListField(
        child=serializers.RegexField(r"^\d{2}\.\d{2}$"), required=False, default=list
    )
    affair = serializers.ListField(
        child=serializers.CharField(max_length=60, allow_blank=True), required=False, default=list
    )
    form = serializers.ListField(
        child=serializers.ChoiceField(choices=Form.choices), required=False, default=list
    )
    stage = serializers.ListField(
        child=serializers.ChoiceField(choices=Stage.choices), required=False, default=list
    )
    predicate = serializers.ListField(
        child=serializers.CharField(max_length=40, allow_blank=True), required=False, default=list
    )
    # Booleans as text: DRF reads an absent boolean in a query string as false.
    digital = serializers.ChoiceField(choices=["true", "false"], required=False)
    replicated = serializers.ChoiceField(choices=["true", "false"], required=False)
    sort = serializers.ChoiceField(choices=Sort.VALUES, required=False)
    page = serializers.IntegerField(min_value=1, max_value=2147483647, required=False, default=1)
    page_size = serializers.IntegerField(
        min_value=1, max_value=MAX_PAGE_SIZE, required=False, default=20
    )

    def validate_q(self, value: str) -> str:
        if "\x00" in value:
            raise serializers.ValidationError("Karakter NUL tidak diizinkan.")
        return value

    def filters(self) -> dict[str, list[str]]:
        data = self.validated_data
        filters = {
            name: list(data.get(name) or [])
            for name in ("province", "region", "affair", "form", "stage", "predicate")
        }
        for name in ("digital", "replicated"):
            if data.get(name):
                filters[name] = [data[name]]
        return filters


class CatalogRegionSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kemendagri code.")
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")


def _web_url(context: Mapping[str, Any], name: str, *args: object) -> str:
    path = reverse(name, args=args)
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


class CatalogEntryListSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(help_text="Stable id of the innovation (shareable).")
    name = serializers.CharField()
    region = CatalogRegionSerializer()
    opd_name = serializers.CharField()
    affair = serializers.CharField(help_text="Urusan code (rubric).")
    affair_name = serializers.CharField()
    form = serializers.ChoiceField(choices=Form.choices)
    stage = serializers.ChoiceField(choices=Stage.choices)
    is_digital = serializers.BooleanField()
    summary = serializers.CharField()
    year = serializers.IntegerField(help_text="Assessment year of the score.")
    score = serializers.DecimalField(max_digits=7, decimal_places=2)
    max_score = serializers.DecimalField(max_digits=7, decimal_places=2)
    evidence_completeness = serializers.DecimalField(
        max_digits=4, decimal_places=2, help_text="Share (0 to 1) of SID indicators with evidence."
    )
    region_predicate = serializers.CharField(help_text="Origin region's predicate code.")
    region_predicate_label = serializers.CharField()
    replica_count = serializers.IntegerField(
        help_text="Regions replicating it (agreement reached)."
    )
    published_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="The catalog page of the innovation.")

    def get_url(self, entry: CatalogEntry) -> str:
        return _web_url(self.context, "catalog:detail", entry.public_id)


class CatalogHitSerializer(CatalogEntryListSerializer):
    rank = serializers.FloatField(help_text="Text relevance (0 without a query).")
    snippet = serializers.CharField(
        help_text="HTML: the matching text, escaped, with the query's words in <mark>."
    )

    def to_representation(self, hit: SearchHit) -> dict[str, Any]:
        data = dict(CatalogEntryListSerializer(hit.entry, context=self.context).data)
        data["rank"] = round(hit.rank, 6)
        data["snippet"] = str(hit.snippet)
        return data


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to pass as the filter parameter.")
    # The metaclass moves declared fields off the class; the stubs see Field.label (a str).
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField(
        help_text="Entries with this value, with every other active filter applied."
    )
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The filter parameter.")
    label = serializers.CharField()  # type: ignore[assignment]  # see FacetValueSerializer
    values = FacetValueSerializer(many=True)


class CatalogSearchSerializer(serializers.Serializer):
    """A page of results in the API's one list shape (`count`, `next`, `previous`, `results`),
    with the search's own fields beside it."""

    count = serializers.IntegerField(source="total")
    next = serializers.URLField(allow_null=True, help_text="The next page, or null.")
    previous = serializers.URLField(allow_null=True, help_text="The previous page, or null.")
    # Deprecated (api.deprecations): follow `next` and `previous`.
    page = serializers.IntegerField(help_text="Deprecated: follow `next` and `previous`.")
    page_size = serializers.IntegerField(help_text="Deprecated: follow `next` and `previous`.")
    num_pages = serializers.IntegerField(help_text="Deprecated: follow `next` and `previous`.")
    query = serializers.CharField()
    corrected_query = serializers.CharField(
        help_text=(
            "The query as searched when a word the catalog never uses was corrected to the "
            "closest one it does ('did you mean'); empty when nothing was corrected."
        )
    )
    sort = serializers.ChoiceField(choices=Sort.VALUES)
    results = CatalogHitSerializer(many=True, source="hits")
    facets = FacetSerializer(many=True)

    def to_representation(self, results: SearchResults) -> dict[str, Any]:
        # The facets hold up to several hundred values: written out directly, the declared
        # fields above describe them for the schema (field by field serializing costs ~15 ms).
        return {
            "count": results.total,
            "next": self._page_link(results.page + 1, results),
            "previous": self._page_link(results.page - 1, results),
            "page": results.page,
            "page_size": results.page_size,
            "num_pages": results.num_pages,
            "query": results.query,
            "corrected_query": results.corrected_query,
            "sort": results.sort,
            "results": [
                dict(entry, rank=round(hit.rank, 6), snippet=str(hit.snippet))
                for entry, hit in zip(
                    # One list serializer for all rows: its fields are built once.
                    CatalogEntryListSerializer(
                        [hit.entry for hit in results.hits], many=True, context=self.context
                    ).data,
                    results.hits,
                    strict=True,
                )
            ],
            "facets": [
                {
                    "name": facet.name,
                    "label": facet.label,
                    "values": [
                        {
                            "value": value.value,
                            "label": value.label,
                            "count": value.count,
                            "selected": value.selected,
                        }
                        for value in facet.values
                    ],
                }
                for facet in results.facets
            ],
        }

    def _page_link(self, page: int, results: SearchResults) -> str | None:
        if not 1 <= page <= results.num_pages:
            return None
        request = self.context.get("request")
        if request is None:
            return None
        url = request.build_absolute_uri()
        return (
            remove_query_param(url, "page") if page == 1 else replace_query_param(url, "page", page)
        )


class CatalogDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField(help_text="Download (while the entry is published).")

    def get_url(self, document: CatalogDocument) -> str:
        return _web_url(self.context, "catalog:document", self.context["public_id"], document.pk)


class ReplicaSerializer(serializers.Serializer):
    region = CatalogRegionSerializer()
    replica_name = serializers.CharField()
    status = serializers.CharField(help_text="agreement, implementation or completed.")
    status_label = serializers.CharField()
    public_id = serializers.UUIDField(
        source="entry_public_id",
        allow_null=True,
        help_text="The replica's own entry, if published.",
    )


class OriginSerializer(serializers.Serializer):
    region_code = serializers.CharField()
    region_name = serializers.SerializerMethodField()
    name = serializers.CharField()
    public_id = serializers.SerializerMethodField(
        help_text="The origin's entry, null when it is no longer published."
    )

    def get_region_name(self, origin: OriginRef) -> str:
        return origin.region.display_name if origin.region else ""

    def get_public_id(self, origin: OriginRef) -> str | None:
        return str(origin.entry.public_id) if origin.entry else None


class CatalogEntryDetailSerializer(CatalogEntryListSerializer):
    goals = serializers.CharField()
    benefits = serializers.CharField()
    results = serializers.CharField()
    design_excerpt = serializers.CharField()
    implemented_on = serializers.DateField(allow_null=True)
    video_url = serializers.CharField()
    region_index = serializers.DecimalField(max_digits=6, decimal_places=2)
    contact_name = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    notes = serializers.CharField()
    documents = serializers.SerializerMethodField()
    replicas = serializers.SerializerMethodField()
    origin = serializers.SerializerMethodField()
    similar = serializers.SerializerMethodField()

    # Below, the stubs type `Serializer(many=True)` as the Serializer: it is a ListSerializer,
    # whose `data` is a list.

    @extend_schema_field(CatalogDocumentSerializer(many=True))
    def get_documents(self, entry: CatalogEntry) -> list[dict[str, Any]]:
        context = {**self.context, "public_id": entry.public_id}
        documents = CatalogDocumentSerializer(entry.documents.all(), many=True, context=context)
        return documents.data  # type: ignore[return-value]  # many=True: a list (see above)

    @extend_schema_field(ReplicaSerializer(many=True))
    def get_replicas(self, entry: CatalogEntry) -> list[dict[str, Any]]:
        replicas = ReplicaSerializer(self.context["lineage"].replicas, many=True)
        return replicas.data  # type: ignore[return-value]  # many=True: a list (see above)

    @extend_schema_field(OriginSerializer(allow_null=True))
    def get_origin(self, entry: CatalogEntry) -> dict[str, Any] | None:
        origin: OriginRef | None = self.context["lineage"].origin
        return OriginSerializer(origin).data if origin else None

    @extend_schema_field(CatalogEntryListSerializer(many=True))
    def get_similar(self, entry: CatalogEntry) -> list[dict[str, Any]]:
        similar = CatalogEntryListSerializer(
            self.context["similar"], many=True, context=self.context
        )
        return similar.data  # type: ignore[return-value]  # many=True: a list (see above)
