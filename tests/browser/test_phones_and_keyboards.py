"""A phone's width and a keyboard (issue #17): at 390 px no page scrolls sideways, and a keyboard
user can skip the header and keeps their place when part of a page changes."""

from __future__ import annotations

import pytest

from accounts.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_no_page_scrolls_sideways_on_a_phone(page, live_port, committed_member):
    committed_member("banjar", Role.REGION_ADMIN, "ponsel.admin@banjar.test")
    page.set_viewport_size(PHONE)
    wide = {}
    for url in (
        f"http://localhost:{live_port}/",
        f"http://localhost:{live_port}/katalog/",
        f"http://localhost:{live_port}/peringkat/",
        f"http://localhost:{live_port}/jaringan/",
    ):
        page.goto(url)
        wide[url] = _overflow(page)
    sign_in(page, f"http://banjar.localhost:{live_port}", "ponsel.admin@banjar.test")
    for path in ("/", "/dasbor/", "/inovasi/", "/opd/", "/sayembara/", "/pelaporan/"):
        page.goto(f"http://banjar.localhost:{live_port}{path}")
        wide[path] = _overflow(page)
    assert {url: px for url, px in wide.items() if px > 1} == {}


def test_the_first_tab_skips_the_header_to_the_content(page, live_port):
    page.goto(f"http://localhost:{live_port}/katalog/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Langsung ke isi"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
