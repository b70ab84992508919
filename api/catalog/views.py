"""The national catalog over the API: faceted search and one entry with its documents, lineage
and similar innovations. Public (no sign-in), on the public site and on every region's host; it
reads only the catalog, so nothing unpublished can be returned."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.http import Http404
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from api.catalog.serializers import (
    CatalogEntryDetailSerializer,
    CatalogQuerySerializer,
    CatalogSearchSerializer,
)
from api.schema import ErrorEnvelope
from core.public_cache import public_cache
from replication.catalog.public_data import CATALOG_DATA, ENTRY_DATA
from replication.catalog.selectors import (
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    NO_PREDICATE,
    Sort,
    catalog_search,
    entry_detail,
    entry_replicas,
    similar_entries,
)
from tenants.innovations.models import Form, Stage

if TYPE_CHECKING:
    from rest_framework.request import Request

NO_NUL = "^[^\\u0000]*$"


def _list(name: str, description: str, item: dict) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "array", "items": item},
        OpenApiParameter.QUERY,
        description=description + " Repeat the parameter for alternatives (OR).",
        explode=True,
        style="form",
    )


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_CHARS, "pattern": NO_NUL},
        OpenApiParameter.QUERY,
        description=(
            'Search text (web-search syntax: "quoted phrase", -excluded, or). Indonesian '
            "stemming; names that look like the text (typos) are found too."
        ),
    ),
    _list("province", "Province code, e.g. 63.", {"type": "string", "pattern": "^\\d{2}$"}),
    _list(
        "region",
        "Origin region code, e.g. 63.03.",
        {"type": "string", "pattern": "^\\d{2}\\.\\d{2}$"},
    ),
    _list(
        "affair",
        "Urusan code (rubric), e.g. kesehatan.",
        {"type": "string", "maxLength": 60, "pattern": NO_NUL},
    ),
    _list("form", "Bentuk inovasi.", {"type": "string", "enum": list(Form.values)}),
    _list("stage", "Tahapan.", {"type": "string", "enum": list(Stage.values)}),
    _list(
        "predicate",
        f"Origin region's predicate code, e.g. inovatif ({NO_PREDICATE}: not assessed yet).",
        {"type": "string", "maxLength": 40, "pattern": NO_NUL},
    ),
    OpenApiParameter("digital", OpenApiTypes.BOOL, description="Digital innovations or not."),
    OpenApiParameter(
        "replicated", OpenApiTypes.BOOL, description="Replicated by at least one region, or not."
    ),
    OpenApiParameter(
        "sort",
        {"type": "string", "enum": list(Sort.VALUES)},
        description="Default: relevance with `q`, score without.",
    ),
    OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": 2147483647}),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}),
]


@method_decorator(public_cache(CATALOG_DATA, api=True), name="dispatch")
class CatalogSearchApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["catalog"],
        operation_id="catalog_search",
        summary="Search the catalog of replicable innovations, with facet counts",
        description=(
            "Full-text search with Indonesian stemming and typo tolerance on names, ranked; filters "
            "combine with AND, repeated values of one filter with OR. Each facet's counts apply "
            "every other active filter. `snippet` is HTML with the matching words in `<mark>` (all "
            "other text escaped). A page past the last is a 404."
        ),
        parameters=SEARCH_PARAMETERS,
        responses={200: CatalogSearchSerializer, 400: ErrorEnvelope, 404: ErrorEnvelope},
    )
    def get(self, request: Request) -> Response:
        parameters = CatalogQuerySerializer(data=request.query_params)
        if not parameters.is_valid():
            raise ValidationError(parameters.errors)
        data = parameters.validated_data
        results = catalog_search(
            query=data.get("q", ""),
            filters=parameters.filters(),
            sort=data.get("sort", ""),
            page=data["page"],
            page_size=data["page_size"],
        )
        if results.page != data["page"]:
            raise Http404
        return Response(CatalogSearchSerializer(results, context={"request": request}).data)


@method_decorator(public_cache(ENTRY_DATA, api=True), name="dispatch")
class CatalogEntryApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["catalog"],
        operation_id="catalog_entry",
        summary="One catalog entry: profile, contact, documents, replicas, origin, similar",
        responses={200: CatalogEntryDetailSerializer, 404: ErrorEnvelope},
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        entry = entry_detail(public_id)
        if entry is None:
            raise Http404
        context = {
            "request": request,
            "lineage": entry_replicas(entry),
            "similar": similar_entries(entry),
        }
        return Response(CatalogEntryDetailSerializer(entry, context=context).data)
