"""Public pages and the public API for anonymous visitors (core.public_cache): kept in the shared
cache under the versions of the data they show, revalidated by ETag/Last-Modified, never shared
with or filled by signed-in people, still answered when Redis is down.

The suite runs with the shared cache off (its database changes roll back while Redis keeps what
they rendered); these tests turn it on, each under a release name of its own so no copy of
another test is ever served."""

from __future__ import annotations

import re
import time
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.http import parse_http_date

from core import public_cache
from rubric.years import current_year
from tests.rankings.ranking_data import snapshot

DEAD_REDIS = "redis://127.0.0.1:1/0"
# What a cached answer may still read: the versions (the catalog's number is its own:
# replication.catalog.facet_index) and the schema switch of the host's routing.
VERSION_READS = ("core_public_data_version", "catalog_version", "catalog_change", "search_path")


@pytest.fixture
def shared_cache(settings, monkeypatch):
    settings.PUBLIC_CACHE_SECONDS = 600
    name = uuid.uuid4().hex
    monkeypatch.setattr(public_cache, "release", lambda: name)


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def get(client: Client, path: str, **headers):
    """The answer and the statements it ran."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    return response, [query["sql"] for query in captured]


def only_version_reads(queries: list[str]) -> bool:
    return bool(queries) and all(any(name in sql for name in VERSION_READS) for sql in queries)


def region_page(region) -> str:
    return f"/peringkat/daerah/{region.slug}/?tahun={current_year()}"


# --- served from the cache, and changed by a change of the data -------------------------------


def test_a_second_anonymous_visit_is_served_from_the_cache(shared_cache, region_a, client_for):
    snapshot(region_a.slug, current_year(), "55.00", verified="44.44")
    first, first_queries = get(client_for(None), region_page(region_a))
    second, second_queries = get(client_for(None), region_page(region_a))
    assert first.status_code == second.status_code == 200
    assert not only_version_reads(first_queries)
    assert only_version_reads(second_queries), second_queries
    assert sum("core_public_data_version" in sql for sql in second_queries) == 1
    assert "44.44" in second.content.decode()
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]


def test_a_changed_snapshot_changes_the_etag_and_the_page(shared_cache, region_a, client_for):
    snapshot(region_a.slug, current_year(), "55.00", verified="44.44")
    before = client_for(None).get(region_page(region_a))
    snapshot(region_a.slug, current_year(), "56.00", verified="45.67")
    after, queries = get(client_for(None), region_page(region_a))
    assert not only_version_reads(queries)  # rendered again, not the old copy
    assert after["ETag"] != before["ETag"]
    assert "45.67" in after.content.decode() and "44.44" not in after.content.decode()


def test_a_catalog_change_changes_the_catalog_page(shared_cache, personas, region_a, client_for):
    from tests.replication.helpers import published_entry

    before = client_for(None).get("/katalog/")
    cached, queries = get(client_for(None), "/katalog/")
    assert only_version_reads(queries) and cached["ETag"] == before["ETag"]
    published_entry(region_a, personas.admin_a, personas.opd_a, name="Jemput Bola Adminduk")
    after, queries = get(client_for(None), "/katalog/")
    assert not only_version_reads(queries)
    assert after["ETag"] != before["ETag"]
    assert "Jemput Bola Adminduk" in after.content.decode()


def test_a_statement_changing_no_row_keeps_the_version(db):
    from rankings.models import IndexSnapshot

    tables = ["rankings_indexsnapshot"]
    before = public_cache.table_version(tables)
    IndexSnapshot.objects.filter(pk=-1).update(innovations=3)
    assert public_cache.table_version(tables) == before


def test_every_table_a_page_names_has_its_triggers(db):
    """A table named by a page's PublicData but without triggers would never invalidate it."""
    from rankings.public_data import RANKING_DATA
    from replication.catalog.public_data import CATALOG_DATA, ENTRY_DATA

    tables = {*RANKING_DATA.tables(), *CATALOG_DATA.tables(), *ENTRY_DATA.tables()}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname LIKE %s GROUP BY c.relname",
            ["%_pdv_%"],
        )
        triggers = dict(cursor.fetchall())
    assert {table: triggers.get(table) for table in tables} == dict.fromkeys(tables, 4)


# --- conditional GET and Cache-Control ---------------------------------------------------------


def test_if_none_match_and_if_modified_since_answer_304(shared_cache, region_a, client_for):
    page = region_page(region_a)
    first = client_for(None).get(page)
    assert first["Cache-Control"].startswith("private")  # the page holds the visitor's token
    assert "max-age=60" in first["Cache-Control"]
    assert "stale-while-revalidate=60" in first["Cache-Control"]
    again = client_for(None).get(page, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client_for(None).get(page, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    other = client_for(None).get(page, HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_the_etag_holds_without_the_shared_cache(region_a, client_for):
    """Shared cache off (the suite's default, or Redis down): the page is rendered each time,
    and its ETag, a hash of the page without the visitor's token, still matches."""
    page = region_page(region_a)
    first = client_for(None).get(page)
    again = client_for(None).get(page, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_api_answers_are_public_and_cached(shared_cache, region_a, api_for):
    snapshot(region_a.slug, current_year(), "55.00", verified="44.44")
    for path in ("/api/v1/rankings/", "/api/v1/rankings/snapshots/", "/api/v1/regions/"):
        first, _queries = get(api_for(None), path)
        second, queries = get(api_for(None), path)
        assert first.status_code == second.status_code == 200, path
        assert first["Cache-Control"].startswith("public"), path
        assert "Authorization" in first["Vary"]
        assert only_version_reads(queries), (path, queries)
        assert second.json() == first.json()
        assert api_for(None).get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_catalog_api_is_cached_too(shared_cache, personas, region_a, api_for):
    from tests.replication.helpers import published_entry

    entry = published_entry(region_a, personas.admin_a, personas.opd_a)
    for path in ("/api/v1/catalog/?q=jemput", f"/api/v1/catalog/{entry.public_id}/"):
        first = api_for(None).get(path)
        second, queries = get(api_for(None), path)
        assert first.status_code == 200 and first["Cache-Control"].startswith("public")
        assert only_version_reads(queries), (path, queries)
        assert second.json() == first.json()


# --- signed-in people --------------------------------------------------------------------------


def test_signed_in_people_never_get_or_leave_a_shared_copy(
    shared_cache, personas, region_a, client_for
):
    page = region_page(region_a)
    anonymous = client_for(None).get(page)
    signed_in, queries = get(client_for(personas.admin_a), page)
    assert not only_version_reads(queries)
    assert "Keluar" in signed_in.content.decode()  # their own header, not the anonymous copy
    assert "public" not in signed_in["Cache-Control"]
    assert "private" in signed_in["Cache-Control"] and "no-store" in signed_in["Cache-Control"]
    assert "ETag" not in signed_in
    # Nor did their page become the copy the next visitor gets.
    after = client_for(None).get(page)
    assert "Keluar" not in after.content.decode()
    assert after["ETag"] == anonymous["ETag"]


def test_api_clients_with_credentials_bypass_the_cache(shared_cache, personas, api_for):
    api_for(None).get("/api/v1/rankings/")
    response, queries = get(api_for(personas.province_viewer, token=True), "/api/v1/rankings/")
    assert response.status_code == 200
    assert not only_version_reads(queries)
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_visitor_with_messages_waiting_is_not_served_the_shared_copy(
    shared_cache, region_a, client_for
):
    page = region_page(region_a)
    client_for(None).get(page)
    visitor = client_for(None)
    visitor.cookies["messages"] = "pesan"
    _response, queries = get(visitor, page)
    assert not only_version_reads(queries)


# --- each visitor's own CSRF token -------------------------------------------------------------


def csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)) | set(
        re.findall(r'"X-CSRFToken": "([^"]+)"', html)
    )


def test_each_visitor_gets_their_own_csrf_token_in_a_cached_page(
    shared_cache, region_a, client_for
):
    page = region_page(region_a)
    first = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    first_html = first.get(page).content.decode()
    second = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    cached, queries = get(second, page)
    html = cached.content.decode()
    assert only_version_reads(queries)
    tokens = csrf_tokens(html)
    assert len(tokens) == 1 and tokens != csrf_tokens(first_html)
    assert public_cache.csrf_placeholder_bytes().decode() not in html
    assert "csrftoken" in cached.cookies  # the token's cookie, as any page with a form sends
    # The language selector of the cached page works for this visitor.
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens.pop()}
    )
    assert switched.status_code == 302


# --- language ----------------------------------------------------------------------------------


def test_each_language_has_its_own_copy(shared_cache, region_a, client_for):
    page = region_page(region_a)
    indonesian = client_for(None).get(page)
    english_visitor = client_for(None)
    english_visitor.cookies["django_language"] = "en"
    english = english_visitor.get(page)
    assert '<html lang="id"' in indonesian.content.decode()
    assert '<html lang="en"' in english.content.decode()
    assert english["ETag"] != indonesian["ETag"]
    again = client_for(None).get(page)
    assert '<html lang="id"' in again.content.decode()


def test_htmx_fragments_are_kept_apart_from_pages(shared_cache, db, client_for):
    page = client_for(None).get("/katalog/")
    fragment = client_for(None).get("/katalog/", HTTP_HX_REQUEST="true")
    assert "<html" in page.content.decode() and "<html" not in fragment.content.decode()


# --- bounds and failures -----------------------------------------------------------------------


def test_bodies_over_the_limit_are_not_kept(shared_cache, settings, region_a, client_for):
    settings.PUBLIC_CACHE_MAX_BYTES = 1000
    page = region_page(region_a)
    first = client_for(None).get(page)
    _second, queries = get(client_for(None), page)
    assert not only_version_reads(queries)
    assert client_for(None).get(page, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_redis_down_still_answers(shared_cache, redis_down, region_a, client_for, api_for):
    for path in (region_page(region_a), "/peringkat/", "/katalog/", "/"):
        response = client_for(None).get(path)
        assert response.status_code == 200, path
        assert response["ETag"]
    api = api_for(None).get("/api/v1/rankings/")
    assert api.status_code == 200 and api["Cache-Control"].startswith("public")


def test_a_copy_of_another_release_is_never_served(settings, monkeypatch, region_a, client_for):
    settings.PUBLIC_CACHE_SECONDS = 600
    page = region_page(region_a)
    name = uuid.uuid4().hex
    monkeypatch.setattr(public_cache, "release", lambda: f"{name}-a")
    client_for(None).get(page)
    _response, queries = get(client_for(None), page)
    assert only_version_reads(queries)
    monkeypatch.setattr(public_cache, "release", lambda: f"{name}-b")
    _response, queries = get(client_for(None), page)
    assert not only_version_reads(queries)


def test_last_modified_is_when_the_copy_was_rendered(shared_cache, region_a, client_for):
    before = int(time.time())
    response = client_for(None).get(region_page(region_a))
    assert before <= parse_http_date(response["Last-Modified"]) <= time.time()


def test_a_compressed_answer_revalidates_by_its_weak_etag(shared_cache, region_a, client_for):
    """GZip makes the ETag weak (W/"…"); a browser sending it back still gets its 304."""
    page = region_page(region_a)
    first = client_for(None).get(page, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and first["ETag"].startswith('W/"')
    again = client_for(None).get(
        page, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
