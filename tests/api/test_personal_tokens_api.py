"""Personal API tokens through the API: made by the token exchange, sent as Bearer (or the older
Token keyword), refused once expired or revoked, held to reading or to one region; the exchange
counts failed attempts only."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from accounts.models import Membership, PersonalToken, Role
from tests.conftest import PASSWORD, make_token, make_user

EXCHANGE = "/api/v1/auth/token/"


def _address() -> str:
    # The failure counts live in the cache, which outlives each test's transaction: every test
    # that counts them comes from an address of its own.
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    return error


def test_an_exchanged_token_works_as_bearer_and_with_the_token_keyword(personas, region_a, api_for):
    made = api_for(None).post(
        EXCHANGE,
        {"email": "admin@banjar.test", "password": PASSWORD, "name": "Dasbor provinsi"},
        format="json",
        REMOTE_ADDR=_address(),
    )
    assert made.status_code == 201
    body = made.json()
    secret = body["token"]
    assert secret.startswith(body["prefix"] + "_") and body["name"] == "Dasbor provinsi"
    expires = timezone.now() + timedelta(days=90)
    assert abs(timezone.datetime.fromisoformat(body["expires_at"]) - expires) < timedelta(minutes=1)
    assert body["region"] is None and body["read_only"] is False and body["revoked"] is False
    for scheme in ("Bearer", "Token"):
        client = api_for(personas.admin_a, region_a, token=secret, scheme=scheme)
        assert client.get("/api/v1/opd-units/").status_code == 200, scheme
    # Only the hash is stored.
    stored = PersonalToken.objects.get(pk=body["id"])
    assert secret not in {stored.secret_hash, stored.prefix}
    assert stored.last_used_at is not None


def test_an_expired_token_is_401_with_the_bearer_scheme(personas, region_a, api_for):
    secret = make_token(personas.admin_a)
    PersonalToken.objects.filter(user=personas.admin_a).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = api_for(personas.admin_a, region_a, token=secret).get("/api/v1/opd-units/")
    _error(response, 401, "token_expired")
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_token_revoked_by_itself_is_refused_afterwards(personas, region_a, api_for):
    client = api_for(personas.admin_a, region_a, token=True)
    assert client.get("/api/v1/opd-units/").status_code == 200
    assert client.delete(EXCHANGE).status_code == 204
    _error(client.get("/api/v1/opd-units/"), 401, "token_revoked")
    # Revoking needs the token itself: a session cannot say which token it means.
    session = api_for(personas.admin_a, region_a)
    _error(session.delete(EXCHANGE), 401, "not_authenticated")
    # Any other method is simply not there, whoever asks.
    _error(session.generic("TRACE", EXCHANGE), 405, "method_not_allowed")


def test_a_token_revoked_from_the_list_is_refused_afterwards(personas, region_a, api_for):
    secret = make_token(personas.admin_a, name="Skrip lama")
    other = make_token(personas.admin_a, name="Skrip baru")
    token = PersonalToken.objects.get(user=personas.admin_a, name="Skrip lama")
    manager = api_for(personas.admin_a, region_a, token=other)
    assert manager.delete(f"/api/v1/auth/tokens/{token.pk}/").status_code == 204
    _error(
        api_for(personas.admin_a, region_a, token=secret).get("/api/v1/opd-units/"),
        401,
        "token_revoked",
    )
    assert manager.get("/api/v1/opd-units/").status_code == 200


def test_the_list_shows_my_tokens_but_never_a_secret(personas, api_for):
    secret = make_token(personas.admin_a, name="Integrasi SIPD")
    make_token(personas.verifier_a, name="Punya orang lain")
    response = api_for(personas.admin_a).get("/api/v1/auth/tokens/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["name"] for row in rows] == ["Integrasi SIPD"]
    assert secret not in response.content.decode() and "token" not in rows[0]
    assert secret.startswith(rows[0]["prefix"])
    assert set(rows[0]) >= {"created_at", "expires_at", "last_used_at", "region", "read_only"}


def test_another_users_token_cannot_be_revoked(personas, region_a, api_for):
    secret = make_token(personas.verifier_a)
    theirs = PersonalToken.objects.get(user=personas.verifier_a)
    response = api_for(personas.admin_a, region_a, token=True).delete(
        f"/api/v1/auth/tokens/{theirs.pk}/"
    )
    _error(response, 404, "not_found")
    assert api_for(None, region_a, token=secret).get("/api/v1/innovations/").status_code == 200


def test_a_read_only_token_reads_but_does_not_write(personas, region_a, api_for):
    secret = make_token(personas.admin_a, read_only=True)
    client = api_for(personas.admin_a, region_a, token=secret)
    assert client.get("/api/v1/opd-units/").status_code == 200
    refused = client.post("/api/v1/opd-units/", {"name": "Dinas Sosial"}, format="json")
    _error(refused, 403, "token_read_only")
    # It may still revoke itself.
    assert client.delete(EXCHANGE).status_code == 204


def test_a_token_held_to_one_region_is_refused_on_another_where_its_owner_is_member(
    personas, region_a, region_b, api_for
):
    Membership.objects.create(user=personas.admin_a, region=region_b, role=Role.REGION_ADMIN)
    secret = make_token(personas.admin_a, region=region_a)
    assert api_for(None, region_a, token=secret).get("/api/v1/opd-units/").status_code == 200
    refused = api_for(None, region_b, token=secret).get("/api/v1/opd-units/")
    assert "Banjar" in _error(refused, 403, "token_region_restricted")["message"]
    # On the public site: what anyone may read, read as anyone; nothing of the owner's own.
    public = api_for(None, None, token=secret)
    assert public.get("/api/v1/regions/").status_code == 200
    _error(public.get("/api/v1/me/memberships/"), 403, "token_region_restricted")
    # An unrestricted token of the same person works on both regions.
    free = make_token(personas.admin_a)
    assert api_for(None, region_b, token=free).get("/api/v1/opd-units/").status_code == 200


def test_the_exchange_takes_the_tokens_options_and_checks_them(personas, region_a, api_for):
    client = api_for(None)
    base = {"email": "operator@banjar.test", "password": PASSWORD}
    made = client.post(
        EXCHANGE,
        {**base, "expires_in_days": 7, "region": region_a.slug, "read_only": True},
        format="json",
        REMOTE_ADDR=_address(),
    )
    assert made.status_code == 201
    assert made.json()["region"] == region_a.slug and made.json()["read_only"] is True
    too_long = client.post(EXCHANGE, {**base, "expires_in_days": 366}, format="json")
    assert "expires_in_days" in _error(too_long, 400, "invalid")["fields"]
    not_mine = client.post(EXCHANGE, {**base, "region": "tanah-bumbu"}, format="json")
    assert "region" in _error(not_mine, 400, "invalid")["fields"]


def test_ten_failed_exchanges_are_throttled_with_retry_after(personas, api_for):
    client = api_for(None)
    address = _address()
    # Unknown e-mails: the account lock-out (5 failures for one account) does not come into it.
    for attempt in range(10):
        wrong = client.post(
            EXCHANGE,
            {"email": f"tebak{attempt}-{secrets.token_hex(4)}@contoh.test", "password": "salah"},
            format="json",
            REMOTE_ADDR=address,
        )
        _error(wrong, 401, "invalid_credentials")
        assert wrong["RateLimit-Policy"] == '"failed-sign-in";q=10;w=60'
        assert wrong["RateLimit"].startswith(f'"failed-sign-in";r={9 - attempt};t=')
    # Beyond the limit even the right password waits.
    throttled = client.post(
        EXCHANGE, {"email": "admin@banjar.test", "password": PASSWORD}, format="json",
        REMOTE_ADDR=address,
    )  # fmt: skip
    _error(throttled, 429, "throttled")
    wait = int(throttled["Retry-After"])
    assert 1 <= wait <= 60
    assert throttled["RateLimit"] == f'"failed-sign-in";r=0;t={wait}'
    assert not PersonalToken.objects.filter(user=personas.admin_a).exists()
    # Another address is not held back by this one's failures.
    other = client.post(
        EXCHANGE, {"email": "admin@banjar.test", "password": PASSWORD}, format="json",
        REMOTE_ADDR=_address(),
    )  # fmt: skip
    assert other.status_code == 201


def test_successful_exchanges_are_never_throttled(db, api_for):
    user = make_user(f"integrasi-{secrets.token_hex(4)}@contoh.test")
    client = api_for(None)
    address = _address()
    for _attempt in range(20):
        made = client.post(
            EXCHANGE, {"email": user.email, "password": PASSWORD}, format="json",
            REMOTE_ADDR=address,
        )  # fmt: skip
        assert made.status_code == 201
        assert made["RateLimit"].startswith('"failed-sign-in";r=10;t=')
        assert made["RateLimit-Policy"] == '"failed-sign-in";q=10;w=60'
    assert PersonalToken.objects.filter(user=user).count() == 20


def test_the_schema_declares_an_http_bearer_scheme():
    for urlconf in ("lumbung.urls_public", "lumbung.urls_region"):
        schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
        schemes = schema["components"]["securitySchemes"]
        assert schemes["personalToken"]["type"] == "http"
        assert schemes["personalToken"]["scheme"] == "bearer"
        exchange = schema["paths"]["/api/v1/auth/token/"]
        assert exchange["delete"]["security"] == [{"personalToken": []}]
        assert exchange["post"].get("security") in (None, [], [{}])
        assert "failed" in exchange["post"]["description"]
        assert "RateLimit" in exchange["post"]["responses"]["201"]["headers"]
        assert {"get"} <= set(schema["paths"]["/api/v1/auth/tokens/"])
        assert {"delete"} <= set(schema["paths"]["/api/v1/auth/tokens/{id}/"])
