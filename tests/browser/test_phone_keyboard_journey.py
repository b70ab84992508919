"""On a phone's screen (390 px) and with the keyboard alone (issue #17): an OPD operator signs in,
opens an innovation, answers two indicators and uploads the evidence of one, using Tab,
Shift+Tab, Enter, Space, the arrow keys and typing. After each change htmx makes in place, focus
is on something sensible (the control just used, or what replaced it), never on <body>, and the
result is read out through the page's live region."""

from __future__ import annotations

import pytest

from accounts.models import Role
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import FOCUS_RING, _contrast
from tests.conftest import PASSWORD, REGION_A, assert_test_database

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
INNOVATION = "SIGAP IBU Uji Papan Ketik"
EMAIL = "operator.papanketik@banjar.test"


@pytest.fixture
def operator_with_innovation(django_db_blocker):
    """An OPD, its operator and one of its innovations, committed for the live server."""
    from django_tenants.utils import tenant_context

    from accounts.models import Membership, User
    from regions.models import Region
    from tenants.history.models import Change
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit
    from tests.registry.helpers import make_innovation

    with django_db_blocker.unblock():
        assert_test_database()
        region = Region.objects.get(slug=REGION_A)
        with tenant_context(region):
            opd = OpdUnit.objects.create(name="Dinas Kesehatan Papan Ketik", short_name="DKPK")
        user = User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Operator")
        Membership.objects.create(user=user, region=region, role=Role.OPD_OPERATOR, opd_id=opd.pk)
        innovation = make_innovation(region, user, opd, name=INNOVATION)
    yield innovation
    with django_db_blocker.unblock():
        from tests.live import settle_effects

        settle_effects()
        with tenant_context(region):
            Change.objects.filter(innovation_id=innovation.pk).delete()
            Innovation.objects.filter(pk=innovation.pk).delete()
            opd.delete()
        User.objects.filter(email=EMAIL).delete()


def tab_to(page, selector: str, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
        " + (e.name ? '[name=' + e.name + ']' : ''); }"
    )


def announced(page, text: str) -> str:
    page.wait_for_function(
        "t => (document.getElementById('live-announcer') || {}).textContent?.includes(t)", arg=text
    )
    return page.locator("#live-announcer").inner_text()


def test_an_operator_answers_and_uploads_evidence_by_keyboard_on_a_phone(
    browser, live_port, operator_with_innovation, tmp_path
):
    context = browser.new_context(locale="id-ID", viewport=PHONE)
    page = context.new_page()
    # Listening for file choosers from the start has the browser intercept them before any key
    # is pressed: expect_file_chooser alone switches interception on as it starts waiting, and
    # a Space pressed before the browser has done so opens a dialog no one hears of.
    page.on("filechooser", lambda chooser: None)
    page.set_default_timeout(15000)
    base = f"http://banjar.localhost:{live_port}"
    try:
        # Sign in: the keyboard reaches the fields and Enter submits.
        page.goto(f"{base}/akun/masuk/")
        tab_to(page, "input[type=email], input[name=username], input[name=email]")
        page.keyboard.type(EMAIL)
        tab_to(page, "input[type=password]")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/")

        # The header is compact, and its Menu opens and closes from the keyboard.
        assert page.locator(".site-header").bounding_box()["height"] < 160
        tab_to(page, ".menu-toggle")
        page.keyboard.press("Enter")
        assert page.get_by_role("link", name="Inovasi", exact=True).is_visible()
        page.keyboard.press("Escape")
        assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
        assert not page.get_by_role("link", name="Inovasi", exact=True).is_visible()

        # Opens the innovation from the list.
        page.goto(f"{base}/inovasi/")
        tab_to(page, f"a[href*='/inovasi/{operator_with_innovation.pk}/?']")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/inovasi/{operator_with_innovation.pk}/**")

        # Answers SID-16 with the arrow keys: the swap puts focus back on its select and says
        # the indicator's new score.
        for code in ("SID-16", "SID-17"):
            tab_to(page, f"#{code} select[name=level]")
            with page.expect_response(lambda r: "/penilaian/jawaban/" in r.url):
                page.keyboard.press("ArrowDown")
            page.locator(f"#{code} input[type=file]").wait_for()
            assert focused(page) == "select[name=level]"
            assert page.evaluate(
                f"document.querySelector('#{code}').contains(document.activeElement)"
            )
            assert f"{code} · Skor" in announced(page, f"{code} · Skor")

        # Uploads the evidence of SID-16: the file input opens its chooser from the keyboard,
        # shows a focus ring, and Enter on the button sends it.
        evidence = tmp_path / "sk-tim-sigap-ibu.pdf"
        from tests.registry.helpers import PDF_BYTES

        evidence.write_bytes(PDF_BYTES)
        tab_to(page, "#SID-16 input[type=file]", backwards=True)
        style, width, colour, background = page.evaluate(FOCUS_RING)
        assert style != "none" and width >= 2
        assert _contrast(colour, background) >= 3
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(evidence)
        tab_to(page, "#SID-16 button[type=submit]:not(.link-button)")
        page.keyboard.press("Enter")
        page.locator("#SID-16").get_by_role("link", name="sk-tim-sigap-ibu.pdf").wait_for()
        assert focused(page) != "body"
        assert page.evaluate("document.querySelector('#SID-16').contains(document.activeElement)")
        assert "Bukti dukung ditambahkan." in announced(page, "Bukti dukung ditambahkan.")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        screenshot(page, "phone-keyboard-evidence")
    finally:
        context.close()
