"""Personal API tokens outside the API: what a token may do (the policy, as a table), the
conversion of the old rest_framework.authtoken keys, how often a use is written, and the
account's tokens page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import PersonalToken
from accounts.personal_tokens import (
    LEGACY_NAME,
    convert_legacy_tokens,
    note_use,
    token_create,
)
from accounts.policy import (
    TokenRefusal,
    may_restrict_token_to,
    token_acts_as_owner,
    token_may_act,
    token_refusal,
)
from tests.conftest import make_user

R = TokenRefusal


@pytest.mark.parametrize(
    ("read_only", "held_to", "host", "method", "public", "expected"),
    [
        # An unrestricted token: anywhere, any method (the role decides the rest).
        (False, None, "a", "POST", False, None),
        (False, None, None, "DELETE", False, None),
        # Read-only: reading methods only, wherever.
        (True, None, "a", "GET", False, None),
        (True, None, "a", "HEAD", False, None),
        (True, None, "a", "OPTIONS", False, None),
        (True, None, "a", "POST", False, R.READ_ONLY),
        (True, None, "a", "patch", False, R.READ_ONLY),
        (True, None, None, "DELETE", True, R.READ_ONLY),
        (True, "a", "b", "PUT", False, R.READ_ONLY),
        # Held to region A: all of A, nothing of B.
        (False, "a", "a", "POST", False, None),
        (False, "a", "b", "GET", False, R.OTHER_REGION),
        (False, "a", "b", "GET", True, R.OTHER_REGION),
        # ... and on the public site only public reads.
        (False, "a", None, "GET", True, None),
        (False, "a", None, "HEAD", True, None),
        (False, "a", None, "GET", False, R.OTHER_REGION),
        (False, "a", None, "POST", True, R.OTHER_REGION),
    ],
)
def test_what_a_token_may_do(
    region_a, region_b, read_only, held_to, host, method, public, expected
):
    regions = {"a": region_a, "b": region_b, None: None}
    token = PersonalToken(read_only=read_only, region=regions[held_to])
    refusal = token_refusal(token, regions[host], method, public_operation=public)
    assert refusal == expected
    assert token_may_act(token, regions[host], method, public_operation=public) is (
        expected is None
    )


def test_a_token_held_to_a_region_reads_the_public_site_as_a_visitor(region_a, region_b):
    held = PersonalToken(region=region_a)
    assert token_acts_as_owner(held, region_a)
    assert not token_acts_as_owner(held, None)
    assert not token_acts_as_owner(held, region_b)
    assert token_acts_as_owner(PersonalToken(), None)


def test_who_may_hold_a_token_to_a_region(personas, region_a, region_b):
    from regions.models import Region

    assert may_restrict_token_to(personas.admin_a, region_a)
    assert not may_restrict_token_to(personas.admin_a, region_b)
    assert not may_restrict_token_to(personas.outsider, region_a)
    assert may_restrict_token_to(personas.platform_admin, region_b)
    Region.objects.filter(pk=region_a.pk).update(is_active=False)
    region_a.refresh_from_db()
    assert not may_restrict_token_to(personas.admin_a, region_a)
    assert not may_restrict_token_to(personas.platform_admin, region_a)


def test_tokens_are_held_only_to_the_owners_own_active_regions(personas, region_a, region_b):
    token, secret = token_create(user=personas.admin_a, region=region_a)
    assert token.region == region_a and secret.startswith(token.prefix + "_")
    with pytest.raises(Exception, match="anggota"):
        token_create(user=personas.admin_a, region=region_b)
    with pytest.raises(Exception, match="365"):
        token_create(user=personas.admin_a, expires_in_days=366)
    with pytest.raises(Exception, match="365"):
        token_create(user=personas.admin_a, expires_in_days=0)


def test_the_old_drf_keys_become_personal_tokens_that_keep_working(personas, region_a, api_for):
    key = Token.objects.create(user=personas.admin_a).key
    now = timezone.now()
    assert convert_legacy_tokens(Token, PersonalToken, now=now) == 1
    assert not Token.objects.exists()  # the clear-text keys are gone
    converted = PersonalToken.objects.get(user=personas.admin_a)
    assert converted.name == LEGACY_NAME
    assert converted.expires_at == now + timedelta(days=90)
    assert key not in {converted.secret_hash, converted.prefix}
    client = api_for(None, region_a, token=key, scheme="Token")
    assert client.get("/api/v1/opd-units/").status_code == 200
    # Generated clients send it as Bearer: the same key works so too.
    assert api_for(None, region_a, token=key).get("/api/v1/opd-units/").status_code == 200


def test_a_use_is_written_at_most_once_a_minute(personas):
    token, _secret = token_create(user=personas.admin_a)
    now = timezone.now()
    note_use(token, now=now)
    assert PersonalToken.objects.get(pk=token.pk).last_used_at == now
    # A second request 30 seconds later, even from another process, writes nothing.
    fresh = PersonalToken.objects.get(pk=token.pk)
    note_use(fresh, now=now + timedelta(seconds=30))
    assert PersonalToken.objects.get(pk=token.pk).last_used_at == now
    note_use(fresh, now=now + timedelta(seconds=61))
    assert PersonalToken.objects.get(pk=token.pk).last_used_at == now + timedelta(seconds=61)


def test_the_tokens_page_shows_a_new_secret_once_and_revokes(
    personas, region_a, client_for, api_for
):
    page = client_for(personas.admin_a, region_a)
    empty = page.get("/akun/token-api/")
    assert empty.status_code == 200 and "Banjar" in empty.content.decode()  # region choice
    made = page.post(
        "/akun/token-api/",
        {
            "action": "create",
            "name": "Skrip laporan",
            "expires_in_days": "30",
            "region": str(region_a.pk),
            "read_only": "on",
        },
    )
    assert made.status_code == 200
    secret = re.search(r'value="(li_[^"]+)"', made.content.decode()).group(1)
    token = PersonalToken.objects.get(user=personas.admin_a)
    assert (token.name, token.region, token.read_only) == ("Skrip laporan", region_a, True)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert api_for(None, region_a, token=secret).get("/api/v1/opd-units/").status_code == 200
    # Shown once: the page never shows it again.
    again = page.get("/akun/token-api/").content.decode()
    assert secret not in again and token.prefix in again and "Skrip laporan" in again
    revoked = page.post("/akun/token-api/", {"action": "revoke", "token_id": str(token.pk)})
    assert revoked.status_code == 302
    assert PersonalToken.objects.get(pk=token.pk).revoked_at is not None
    assert api_for(None, region_a, token=secret).get("/api/v1/opd-units/").status_code == 401


def test_the_tokens_page_refuses_bad_input_and_others_tokens(personas, region_b, client_for):
    page = client_for(personas.admin_a)
    bad = page.post(
        "/akun/token-api/",
        {"action": "create", "name": "X", "expires_in_days": "400", "region": str(region_b.pk)},
    )
    assert bad.status_code == 400 and not PersonalToken.objects.exists()
    theirs, _secret = token_create(user=make_user("lain@contoh.test"))
    page.post("/akun/token-api/", {"action": "revoke", "token_id": str(theirs.pk)})
    assert PersonalToken.objects.get(pk=theirs.pk).revoked_at is None
    assert client_for(None).get("/akun/token-api/").status_code == 302  # sign in first


def test_the_tokens_page_speaks_english_too(personas, client_for):
    from django.conf import settings

    page = client_for(personas.admin_a)
    page.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page.get("/akun/token-api/").content.decode()
    assert "Create token" in english and "Buat token" not in english


def test_platform_admins_see_tokens_without_secrets_and_may_revoke_one(personas, client_for):
    token, secret = token_create(user=personas.admin_a, name="Bocor")
    admin = client_for(personas.platform_admin)
    listing = admin.get("/admin/accounts/personaltoken/").content.decode()
    assert token.prefix in listing and secret not in listing
    page = f"/admin/accounts/personaltoken/{token.pk}/change/"
    assert secret not in admin.get(page).content.decode()
    now = timezone.localtime()
    response = admin.post(
        page, {"revoked_at_0": now.strftime("%Y-%m-%d"), "revoked_at_1": now.strftime("%H:%M:%S")}
    )
    assert response.status_code == 302
    assert PersonalToken.objects.get(pk=token.pk).revoked_at is not None


@pytest.mark.django_db
def test_tokens_revoked_or_expired_long_ago_are_deleted_and_the_audit_keeps_them(settings):
    from accounts.personal_tokens import token_revoke
    from accounts.tasks import prune_personal_tokens_task
    from core.models import AuditEvent

    settings.PERSONAL_TOKEN_KEEP_DAYS = 30
    user = make_user("integrasi@example.test")
    now = timezone.now()
    tokens = {name: token_create(user=user, name=name)[0] for name in ("aktif", "baru", "lama")}
    for name in ("baru", "lama"):
        token_revoke(token=tokens[name], actor=user)
    PersonalToken.objects.filter(pk=tokens["lama"].pk).update(revoked_at=now - timedelta(days=31))
    expired_long_ago = token_create(user=user, name="kedaluwarsa")[0]
    PersonalToken.objects.filter(pk=expired_long_ago.pk).update(expires_at=now - timedelta(days=31))
    expired_lately = token_create(user=user, name="baru kedaluwarsa")[0]
    PersonalToken.objects.filter(pk=expired_lately.pk).update(expires_at=now - timedelta(days=29))

    assert any(
        entry["task"] == "accounts.prune_personal_tokens"
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
    )
    assert prune_personal_tokens_task() == 2
    left = set(PersonalToken.objects.filter(user=user).values_list("name", flat=True))
    assert left == {"aktif", "baru", "baru kedaluwarsa"}  # still listed, marked so
    # What was done with the deleted token is still told by the audit log.
    revoked = AuditEvent.objects.filter(data__token=tokens["lama"].pk)
    assert revoked.count() == 2
