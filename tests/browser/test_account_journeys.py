"""Accounts in a real browser: a forgotten password reset by e-mail (through the worker to a
real SMTP server), the second factor set up and then asked for, and one sign-in carried between
the public site and two regions, ended everywhere by one "Keluar"."""

from __future__ import annotations

import base64
import re
import uuid

import pytest
from django.core.cache import cache
from django_otp.oath import totp

from accounts.models import Membership, Role
from regions.models import Region
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD
from tests.live import celery_beat, celery_worker, smtp_stub, wait_until, web_server

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Sandi-Baru-Peramban-2026"


@pytest.fixture(scope="module")
def live_mail(django_db_setup, django_db_blocker):
    """The app, a worker with beat, and a real SMTP server receiving what the worker sends."""
    from pipeline.models import PendingEffect

    queue = f"lumbung-test-accounts-{uuid.uuid4().hex[:8]}"
    with smtp_stub() as mailbox:
        mail = mailbox.env()
        with (
            web_server(CELERY_QUEUE=queue, **mail) as port,
            celery_worker(queue, **mail),
            celery_beat(queue, **mail),
        ):
            yield port, mailbox
    with django_db_blocker.unblock():
        PendingEffect.objects.all().delete()


def _sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def _sign_out(page) -> None:
    page.locator("details.dropdown summary").last.click()
    page.get_by_role("button", name="Keluar").click()


def test_a_forgotten_password_is_reset_by_e_mail(page, live_mail, committed_member):
    port, mailbox = live_mail
    # Reset requests are limited per address and per client address (in Redis, shared with the
    # live server): a new address each run, and this browser's earlier asks forgotten.
    email = f"lupa.sandi.{uuid.uuid4().hex[:6]}@banjar.test"
    cache.delete("password-reset:ip:127.0.0.1")
    committed_member("banjar", Role.VERIFIER, email)
    page.goto(f"http://banjar.localhost:{port}/")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    page.get_by_label("Alamat e-mail akun Anda").fill(email)
    page.get_by_role("button", name="Kirim tautan").click()
    assert page.get_by_text(email).first.is_visible()

    message = wait_until(
        lambda: next((m for m in mailbox.messages if m["To"] == email), None),
        timeout=30,
        what="the reset e-mail",
    )
    body = message.get_payload(decode=True) if not message.is_multipart() else None
    text = (body or message.get_payload(0).get_payload(decode=True)).decode()
    path = re.search(r"https?://[^/\s]+(/akun/sandi-baru/\S+/)", text).group(1)

    page.goto(f"http://localhost:{port}{path}")
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Simpan kata sandi").click()
    assert page.get_by_role("heading", name="Kata sandi tersimpan").is_visible()

    page.goto(f"http://banjar.localhost:{port}/")
    _sign_in(page, email, NEW_PASSWORD)
    page.wait_for_url(f"http://banjar.localhost:{port}/")
    assert page.get_by_role("heading", name="Kabupaten Banjar").is_visible()

    page.goto(f"http://localhost:{port}{path}")  # the link works once
    assert "sudah dipakai" in page.get_by_role("alert").inner_text()
    screenshot(page, "password-reset-link-used")


def test_the_second_factor_is_set_up_then_asked_for(page, live_mail, committed_member):
    port, _mailbox = live_mail
    committed_member("banjar", Role.REGION_ADMIN, "dua.langkah@banjar.test")
    page.goto(f"http://banjar.localhost:{port}/")
    _sign_in(page, "dua.langkah@banjar.test")
    page.wait_for_url(f"http://banjar.localhost:{port}/")
    page.goto(f"http://banjar.localhost:{port}/akun/keamanan/")
    secret = page.locator("article code").first.inner_text()
    code = f"{totp(base64.b32decode(secret)):06d}"
    page.get_by_label("Kode verifikasi").fill(code)
    page.get_by_role("button", name="Aktifkan").click()
    recovery = page.locator(".recovery-codes code").all_inner_texts()
    assert len(recovery) == 10
    screenshot(page, "second-factor-recovery-codes")
    page.get_by_role("button", name="Sudah saya simpan").click()

    _sign_out(page)
    page.goto(f"http://banjar.localhost:{port}/")
    _sign_in(page, "dua.langkah@banjar.test")
    page.wait_for_url("**/akun/verifikasi/**")
    page.get_by_role("heading", name="Verifikasi dua langkah").wait_for()
    page.get_by_label("Kode verifikasi").fill("000000")
    page.get_by_role("button", name="Lanjut").click()
    assert page.get_by_role("alert").is_visible()  # a wrong code is refused
    # django-otp makes the next try wait a second after a wrong code (throttling), as a person
    # typing would.
    page.wait_for_timeout(2500)
    page.get_by_label("Kode verifikasi").fill(recovery[0])  # the phone is lost: a recovery code
    page.get_by_role("button", name="Lanjut").click()
    page.wait_for_url(f"http://banjar.localhost:{port}/")
    assert page.get_by_role("heading", name="Kabupaten Banjar").is_visible()


def test_one_sign_in_moves_between_hosts_and_one_sign_out_ends_it(
    page, live_mail, committed_member, django_db_blocker
):
    port, _mailbox = live_mail
    user = committed_member("banjar", Role.VERIFIER, "dua.daerah@banjar.test")
    with django_db_blocker.unblock():
        Membership.objects.create(
            user=user, region=Region.objects.get(slug="tanah-bumbu"), role=Role.LEADER
        )
    page.goto(f"http://banjar.localhost:{port}/inovasi/")
    assert page.url.startswith(f"http://localhost:{port}/akun/masuk/")  # the one sign-in page
    assert page.get_by_text("Kabupaten Banjar").first.is_visible()
    _sign_in(page, "dua.daerah@banjar.test")
    page.wait_for_url(f"http://banjar.localhost:{port}/inovasi/")

    page.goto(f"http://localhost:{port}/")  # the public site knows who is here
    assert page.locator("form[action='/akun/keluar/']").count() == 1
    assert page.locator("header a[href='/akun/masuk/']").count() == 0

    page.goto(f"http://localhost:{port}/akun/daerah-saya/")
    page.get_by_role("button", name="Buka Kabupaten Tanah Bumbu").click()
    page.wait_for_url(f"http://tanah-bumbu.localhost:{port}/")
    assert page.get_by_role("heading", name="Kabupaten Tanah Bumbu").is_visible()

    _sign_out(page)
    page.goto(f"http://banjar.localhost:{port}/inovasi/")
    assert "/akun/masuk/" in page.url  # signed out of Banjar too
    page.goto(f"http://localhost:{port}/")
    assert page.locator("header a[href='/akun/masuk/']").count() == 1
    screenshot(page, "signed-out-everywhere")
