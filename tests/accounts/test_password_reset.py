"""A person who forgot the password gets a working link by e-mail, on the site they asked on,
once and for an hour; the page never tells who has an account; asking is rate limited."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from pipeline.models import PendingEffect
from tests.conftest import PASSWORD
from tests.effects import apply_effects

EFFECT = "accounts.password_reset_email"
NEW_PASSWORD = "Kata-Sandi-Baru-2026!"


@pytest.fixture(autouse=True)
def _fresh_limits(personas):
    keys = ["password-reset:ip:127.0.0.1"] + [
        f"password-reset:email:{address}"
        for address in (personas.operator_a.email, "tidak.ada@banjar.test")
    ]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def ask(host: str, email: str):
    return Client(HTTP_HOST=host).post("/akun/lupa-sandi/", {"email": email})


def link_in_last_mail() -> str:
    found = re.search(r"https?://\S+/akun/sandi-baru/\S+/", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0)


def test_a_forgotten_password_is_reset_through_a_link_on_the_region_site(personas, region_a):
    email = personas.operator_a.email
    response = ask("banjar.localhost", email.upper())
    assert response.status_code == 200
    assert "Periksa e-mail Anda" in response.content.decode()
    apply_effects(only={EFFECT})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [email]
    link = link_in_last_mail()
    assert link.startswith("http://banjar.localhost")

    browser = Client(HTTP_HOST="banjar.localhost")
    form_page = browser.get(urlsplit(link).path, follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    done = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302

    def signs_in(password: str) -> bool:
        answer = Client(HTTP_HOST="banjar.localhost").post(
            "/akun/masuk/", {"username": email, "password": password}
        )
        return answer.status_code == 302

    assert signs_in(NEW_PASSWORD) and not signs_in(PASSWORD)

    again = Client(HTTP_HOST="banjar.localhost").get(urlsplit(link).path, follow=True)
    assert "sudah dipakai atau sudah kedaluwarsa" in again.content.decode()  # single use


def test_the_answer_is_the_same_for_an_address_without_an_account(db):
    response = ask("localhost", "tidak.ada@banjar.test")
    assert response.status_code == 200
    assert "Periksa e-mail Anda" in response.content.decode()
    assert not PendingEffect.objects.filter(effect=EFFECT).exists()


def test_a_link_expires(personas, region_a, settings):
    ask("banjar.localhost", personas.operator_a.email)
    apply_effects(only={EFFECT})
    settings.PASSWORD_RESET_TIMEOUT = -1  # every link is older than that
    page = Client(HTTP_HOST="banjar.localhost").get(urlsplit(link_in_last_mail()).path, follow=True)
    assert "sudah dipakai atau sudah kedaluwarsa" in page.content.decode()


def test_asking_is_rate_limited_per_client_and_per_address(personas, region_a, settings):
    settings.PASSWORD_RESET_LIMITS = (4, 2, 3600)
    email = personas.operator_a.email
    for _ in range(3):
        assert ask("banjar.localhost", email).status_code == 200
    # The address is over its limit: the same answer, but no third mail.
    assert PendingEffect.objects.filter(effect=EFFECT).count() == 2
    assert ask("banjar.localhost", "tidak.ada@banjar.test").status_code == 200
    refused = ask("banjar.localhost", "tidak.ada@banjar.test")  # the client's fifth
    assert refused.status_code == 429
    assert "Terlalu banyak permintaan" in refused.content.decode()


def test_the_login_page_offers_the_reset(db):
    page = Client(HTTP_HOST="localhost").get("/akun/masuk/").content.decode()
    assert "/akun/lupa-sandi/" in page
