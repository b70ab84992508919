"""A region admin signs in on <slug>.localhost in a real browser and sees the region home."""

from __future__ import annotations

import pytest

from accounts.models import Role
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_region_admin_signs_in_on_the_region_host(page, live_port, committed_member):
    committed_member("banjar", Role.REGION_ADMIN, "peramban.admin@banjar.test")
    page.goto(f"http://banjar.localhost:{live_port}/")
    assert "/akun/masuk/" in page.url  # anonymous visitors are asked to sign in first
    page.get_by_label("E-mail").fill("peramban.admin@banjar.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"http://banjar.localhost:{live_port}/")
    assert page.get_by_role("heading", name="Kabupaten Banjar").is_visible()
    assert page.get_by_text("Admin daerah").first.is_visible()
    page.get_by_text("Kelola", exact=True).click()
    assert page.get_by_role("link", name="Anggota").is_visible()  # region admins manage members
    screenshot(page, "region-home-admin")


def test_wrong_password_is_explained_in_indonesian(page, live_port, committed_member):
    committed_member("banjar", Role.VERIFIER, "peramban.verif@banjar.test")
    page.goto(f"http://banjar.localhost:{live_port}/akun/masuk/")
    page.get_by_label("E-mail").fill("peramban.verif@banjar.test")
    page.get_by_label("Kata sandi").fill("bukan-sandinya")
    page.get_by_role("button", name="Masuk").click()
    assert page.get_by_role("alert").inner_text().startswith("E-mail atau kata sandi salah")
    assert page.get_by_label("E-mail").input_value() == "peramban.verif@banjar.test"


def test_public_home_lists_regions_and_searches_as_you_type(page, live_port):
    page.goto(f"http://localhost:{live_port}/")
    assert page.get_by_role("heading", name="Lumbung Inovasi Daerah").is_visible()
    page.get_by_placeholder("Cari daerah").fill("mandailing")
    page.wait_for_function(
        "document.querySelector('#region-groups').innerText.includes('1 daerah')"
    )
    assert page.get_by_role("link", name="Kabupaten Mandailing Natal").is_visible()
    screenshot(page, "public-home-search")


def test_english_can_be_chosen_from_the_header(page, live_port):
    page.goto(f"http://localhost:{live_port}/")
    with page.expect_navigation():
        page.get_by_label("Bahasa").select_option("en")
    assert page.get_by_placeholder("Search regions").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "public-home-english")
