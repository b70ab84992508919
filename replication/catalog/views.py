"""Pages of the national catalog, the same on the public site and on every region's host, open to
everyone (signed in or not). They read only the catalog (replication.catalog.selectors), so an
innovation that is not published cannot appear here."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import ngettext

from accounts.policy import Action, can, require
from core.downloads import stored_file_response
from core.public_cache import public_cache
from regions.selectors import region_for, region_site_url
from replication.catalog.models import CatalogDocument, CatalogEntry
from replication.catalog.public_data import CATALOG_DATA, ENTRY_DATA
from replication.catalog.selectors import (
    FACET_NAMES,
    Facet,
    SearchHit,
    Sort,
    catalog_search,
    entry_detail,
    entry_replicas,
    region_entries,
    regions_that_may_request,
    similar_entries,
)

if TYPE_CHECKING:
    from core.http import SiteRequest

PAGE_SIZE = 20
FACET_SHOWN = 8  # values listed at once; the rest under "lainnya"
FACET_MORE = 40  # at most this many more (a province filter narrows the region list)


@public_cache(CATALOG_DATA)
def search_view(request: SiteRequest) -> HttpResponse:
    """The catalog with its facets; an htmx request gets only the results and facets, and the
    address bar keeps the query (hx-push-url), so every state of the page can be shared."""
    raw_page = request.GET.get("page", "1")
    results = catalog_search(
        query=request.GET.get("q", ""),
        filters={name: request.GET.getlist(name) for name in FACET_NAMES},
        sort=request.GET.get("sort", ""),
        page=int(raw_page)
        if raw_page.isascii() and raw_page.isdigit() and len(raw_page) < 7
        else 1,
        page_size=PAGE_SIZE,
    )
    parameters = [("q", results.query)] if results.query else []
    if request.GET.get("sort") in Sort.VALUES:
        parameters.append(("sort", results.sort))
    parameters += [(name, value) for name, values in results.filters.items() for value in values]
    context = {
        "results": results,
        "cards": [_card(hit) for hit in results.hits],
        "facets": [_facet_display(facet) for facet in results.facets],
        "sorts": Sort.CHOICES,
        "base_query": urlencode(parameters),
        "has_filters": bool(results.filters),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(
        request, "catalog/_results.html" if partial else "catalog/search.html", context
    )
    # The same URL answers a full page or the htmx fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _card(hit: SearchHit) -> dict:
    """What a result card shows, prepared here: template filters on every field of every card
    cost more than the rest of the search page."""
    from tenants.innovations.models import Stage

    entry = hit.entry
    return {
        "url": reverse("catalog:detail", args=[entry.public_id]),
        "name": entry.name,
        "region": entry.region.display_name,
        "opd": entry.opd_name,
        "snippet": hit.snippet,
        "affair": entry.affair_name,
        "stage": dict(Stage.choices).get(entry.stage, entry.stage),
        "digital": entry.is_digital,
        "score": floatformat(entry.score, "-2"),
        "max_score": floatformat(entry.max_score, "-2"),
        "evidence": f"{entry.evidence_completeness * 100:.0f}",
        "replicas": entry.replica_count,
        "replicas_text": ngettext(
            "Direplikasi %(n)d daerah", "Direplikasi %(n)d daerah", entry.replica_count
        )
        % {"n": entry.replica_count},
    }


def _facet_display(facet: Facet) -> dict:
    shown = facet.values[:FACET_SHOWN]
    rest = facet.values[FACET_SHOWN:]
    # A selected value is always visible, wherever its count puts it.
    shown += [value for value in rest if value.selected]
    rest = [value for value in rest if not value.selected]
    return {
        "facet": facet,
        "shown": shown,
        "more": rest[:FACET_MORE],
        "hidden": max(0, len(rest) - FACET_MORE),
    }


@public_cache(ENTRY_DATA)
def detail_view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    entry = entry_detail(public_id)
    if entry is None:
        raise Http404
    context = {
        "entry": entry,
        "lineage": entry_replicas(entry),
        "similar": similar_entries(entry),
        "documents": list(entry.documents.all()),
        **_call_to_action(request, entry),
    }
    return render(request, "catalog/detail.html", context)


def _call_to_action(request: HttpRequest, entry) -> dict:
    """Who may ask to replicate this innovation, and where: on a region's host, the region
    itself; on the public site, the user's regions (links to their hosts)."""
    region = getattr(request, "region", None)
    user = request.user
    if not user.is_authenticated:
        return {"cta": "login"}
    if region is not None:
        if region.pk == entry.region_id:
            return {"cta": "own" if can(user, Action.VIEW_REGION, region) else "member"}
        if can(user, Action.MANAGE_REPLICATION, region):
            from replication.requests.services import open_request_for

            return {"cta": "request", "open_request": open_request_for(region, entry)}
        return {"cta": "member"}
    path = reverse("catalog:detail", args=[entry.public_id], urlconf="lumbung.urls_region")
    links = [
        (candidate, region_site_url(candidate, path))
        for candidate in regions_that_may_request(user, entry)
    ]
    return {"cta": "choose" if links else "member", "region_links": links}


def document_view(request: HttpRequest, public_id: uuid.UUID, doc_id: int) -> FileResponse:
    """A document the origin shared for replicators, streamed from its storage, only while the
    innovation is published (the row disappears with the entry)."""
    from tenants.publishing.models import PublicationDocument

    document = (
        CatalogDocument.objects.filter(pk=doc_id, entry__public_id=public_id)
        .select_related("entry")
        .first()
    )
    if document is None:
        raise Http404
    extension = document.file_name.rsplit(".", 1)[-1].lower() if "." in document.file_name else ""
    return stored_file_response(
        PublicationDocument._meta.get_field("file").storage,
        document.file_name,
        filename=document.original_name or f"{slugify(document.title) or 'dokumen'}.{extension}",
        content_type=document.content_type or "application/octet-stream",
        # Never kept by a cache: once unpublished, the document must not be served any more.
        cache_control="no-store",
    )


@public_cache(CATALOG_DATA)
def region_entries_fragment(request: HttpRequest, region_slug: str) -> HttpResponse:
    """A region's published innovations: the section its ranking page loads into itself (htmx),
    so rankings never read the catalog."""
    region = region_for(region_slug)
    return render(
        request,
        "catalog/_region_entries.html",
        {"region": region, "entries": region_entries(region)},
    )


@login_required
def publication_link_fragment(request: HttpRequest, innovation_id: int) -> HttpResponse:
    """Where a published innovation of this region is in the catalog: the link its publishing
    panel loads into itself (htmx), or a note while the entry is being written. For those who
    may publish, as the panel itself."""
    region = getattr(request, "region", None)
    if region is None:
        raise Http404
    require(request.user, Action.PUBLISH_INNOVATION, region)
    public_id = (
        CatalogEntry.objects.filter(region=region, innovation_id=innovation_id)
        .values_list("public_id", flat=True)
        .first()
    )
    return render(request, "catalog/_publication_link.html", {"public_id": public_id})
