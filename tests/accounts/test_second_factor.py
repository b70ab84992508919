"""The second factor (issue #17): a code from an authenticator app after the password, with
recovery codes; required for platform admins and, by the region's choice, for its admins."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import set_region_requirement
from tests.conftest import PASSWORD, make_user


def sign_in(host: str, email: str) -> Client:
    client = Client(HTTP_HOST=host)
    answer = client.post("/akun/masuk/", {"username": email, "password": PASSWORD})
    assert answer.status_code == 302, answer.content.decode()[:500]
    return client


def current_code(user) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    return f"{totp(device.bin_key):06d}"


def turn_on(client: Client, user) -> list[str]:
    page = client.get("/akun/keamanan/")
    assert page.status_code == 200 and "<svg" in page.content.decode()  # the QR code
    done = client.post("/akun/keamanan/", {"action": "confirm", "code": current_code(user)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    return codes


@pytest.fixture(autouse=True)
def _no_paused_codes(personas):
    yield
    for user in (personas.admin_a, personas.operator_a):
        cache.delete(f"second-factor-wrong:{user.pk}")


def test_once_on_every_sign_in_asks_for_the_code(personas, region_a):
    admin = personas.admin_a
    turn_on(sign_in("banjar.localhost", admin.email), admin)

    client = sign_in("banjar.localhost", admin.email)
    held = client.get("/inovasi/")
    assert held.status_code == 302 and held["Location"].startswith("/akun/verifikasi/")
    api = client.get("/api/v1/innovations/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "second_factor_required"
    wrong = client.post("/akun/verifikasi/", {"code": "000000", "next": "/inovasi/"})
    assert "Kode tidak cocok" in wrong.content.decode()
    # django-otp also slows guessing down (a wrong code makes the next wait a second): wait.
    TOTPDevice.objects.filter(user=admin).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    # The next 30-second step's code: the current one was spent turning it on (no replays).
    code = f"{totp(device.bin_key, drift=1):06d}"
    right = client.post("/akun/verifikasi/", {"code": code, "next": "/inovasi/"})
    assert right.status_code == 302 and right["Location"] == "/inovasi/"
    assert client.get("/inovasi/").status_code == 200


def test_a_recovery_code_works_once(personas, region_a):
    admin = personas.admin_a
    codes = turn_on(sign_in("banjar.localhost", admin.email), admin)
    first = sign_in("banjar.localhost", admin.email)
    assert first.post("/akun/verifikasi/", {"code": codes[0]}).status_code == 302
    assert first.get("/").status_code == 200
    second = sign_in("banjar.localhost", admin.email)
    again = second.post("/akun/verifikasi/", {"code": codes[0]})
    assert again.status_code == 200 and "Kode tidak cocok" in again.content.decode()


def test_guessing_codes_is_paused_after_five_wrong_ones(personas, region_a):
    admin = personas.admin_a
    turn_on(sign_in("banjar.localhost", admin.email), admin)
    client = sign_in("banjar.localhost", admin.email)
    for _ in range(5):
        client.post("/akun/verifikasi/", {"code": "123456"})
    device = TOTPDevice.objects.get(user=admin, confirmed=True)
    paused = client.post("/akun/verifikasi/", {"code": f"{totp(device.bin_key, drift=1):06d}"})
    assert paused.status_code == 429 and "Terlalu banyak kode" in paused.content.decode()


def test_a_platform_admin_must_set_it_up_before_anything_else(db):
    operator = make_user("pengelola@platform.test", superuser=True)
    client = sign_in("localhost", operator.email)
    held = client.get("/admin/")
    assert held.status_code == 302 and held["Location"].startswith("/akun/keamanan/")
    turn_on(client, operator)
    assert client.get("/admin/").status_code == 200


def test_a_region_may_require_it_of_its_admins_only(personas, region_a):
    set_region_requirement(region=region_a, actor=personas.admin_a, required=True)
    admin = sign_in("banjar.localhost", personas.admin_a.email)
    held = admin.get("/")
    assert held.status_code == 302 and held["Location"].startswith("/akun/keamanan/")
    operator = sign_in("banjar.localhost", personas.operator_a.email)
    assert operator.get("/").status_code == 200  # not an admin: not required


def test_turning_it_off_needs_the_code_and_is_refused_where_required(personas, region_a):
    admin = personas.admin_a
    client = sign_in("banjar.localhost", admin.email)
    turn_on(client, admin)
    unverified = sign_in("banjar.localhost", admin.email)
    refused = unverified.post("/akun/keamanan/", {"action": "off"})
    assert refused.status_code == 302 and refused["Location"] == "/akun/verifikasi/"
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()

    set_region_requirement(region=region_a, actor=admin, required=True)
    client.post("/akun/keamanan/", {"action": "off"})
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()  # required here
    set_region_requirement(region=region_a, actor=admin, required=False)
    client.post("/akun/keamanan/", {"action": "off"})
    assert not TOTPDevice.objects.filter(user=admin).exists()


def test_the_region_admin_sets_the_rule_on_the_members_page(personas, region_a, client_for):
    admin = client_for(personas.admin_a, region_a)
    assert admin.post("/anggota/verifikasi-dua-langkah/", {"required": "1"}).status_code == 302
    region_a.refresh_from_db()
    assert region_a.require_admin_second_factor
    verifier = client_for(personas.verifier_a, region_a)
    assert verifier.post("/anggota/verifikasi-dua-langkah/", {}).status_code == 403
    region_a.refresh_from_db()
    assert region_a.require_admin_second_factor
