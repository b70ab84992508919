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


def _left(response) -> int:
    """Failures left, from `RateLimit: "failed-sign-in";r=<left>;t=<seconds>`."""
    return int(response["RateLimit"].split(";r=")[1].split(";")[0])


def _otp(device) -> str:
    from django_otp.oath import TOTP

    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def test_an_account_with_a_second_factor_needs_its_code_for_a_token(personas, api_for):
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.two_factor import new_recovery_codes

    user = personas.verifier_a
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    [recovery, *_rest] = new_recovery_codes(user)
    client, address = api_for(None), _address()
    ask = {"email": user.email, "password": PASSWORD}

    def exchange(**extra):
        return client.post(EXCHANGE, {**ask, **extra}, format="json", REMOTE_ADDR=address)

    # The password alone is not enough, and does not count as a failure.
    missing = exchange()
    _error(missing, 401, "second_factor_required")
    assert missing["WWW-Authenticate"] == "Bearer"
    # A wrong code is a failed exchange, counted for the limit.
    wrong = exchange(otp="000000" if _otp(device) != "000000" else "111111")
    _error(wrong, 401, "second_factor_invalid")
    assert _left(wrong) == _left(missing) - 1
    assert not PersonalToken.objects.filter(user=user).exists()
    # django-otp holds the devices back for a second after a wrong code: let that pass.
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)
    # The authenticator's code, or a recovery code once.
    assert exchange(otp=_otp(device)).status_code == 201
    assert exchange(otp=recovery).status_code == 201
    _error(exchange(otp=recovery), 401, "second_factor_invalid")
    assert PersonalToken.objects.filter(user=user).count() == 2


def test_an_account_that_must_use_a_second_factor_sets_it_up_first(personas, region_a, api_for):
    client = api_for(None)

    def exchange(user):
        ask = {"email": user.email, "password": PASSWORD}
        return client.post(EXCHANGE, ask, format="json", REMOTE_ADDR=_address())

    _error(exchange(personas.platform_admin), 403, "second_factor_setup_required")
    # A region admin, once the region requires it of its admins (their token works there too).
    assert exchange(personas.admin_a).status_code == 201
    region_a.require_admin_second_factor = True
    region_a.save(update_fields=["require_admin_second_factor"])
    _error(exchange(personas.admin_a), 403, "second_factor_setup_required")
    assert exchange(personas.verifier_a).status_code == 201  # not an admin: free
