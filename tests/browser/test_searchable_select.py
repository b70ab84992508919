"""Searchable selects (issue #17): the innovation form's "other affairs" is no longer a plain
multi-select that needs Ctrl-click but a box one types into (Tom Select, vendored), usable from
the keyboard, named by its label, passing axe-core, and submitting what the plain select would."""

from __future__ import annotations

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from accounts.models import Role
from tests.browser.conftest import choose_by_typing, sign_in
from tests.conftest import assert_test_database

pytestmark = pytest.mark.browser

AXE_RUN = """selector => axe.run(selector, {runOnly: {type: 'tag',
  values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
  .then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' '))))"""


@pytest.fixture
def an_opd(django_db_blocker):
    """One OPD in Banjar, committed for the live server (the form needs one to offer)."""
    from django_tenants.utils import tenant_context

    from regions.models import Region
    from tenants.organization.models import OpdUnit

    with django_db_blocker.unblock():
        assert_test_database()
        region = Region.objects.get(slug="banjar")
        with tenant_context(region):
            opd = OpdUnit.objects.create(name="Dinas Pariwisata Uji Cari", short_name="Dispar-UC")
    yield opd
    with django_db_blocker.unblock(), tenant_context(region):
        opd.delete()


def _violations(page, selector: str) -> list[str]:
    page.evaluate(AXE_SCRIPT)
    return page.evaluate(AXE_RUN, selector)


def test_other_affairs_are_chosen_by_typing_from_the_keyboard(
    page, live_port, committed_member, an_opd
):
    committed_member("banjar", Role.REGION_ADMIN, "cari.urusan@banjar.test")
    sign_in(page, f"http://banjar.localhost:{live_port}", "cari.urusan@banjar.test")
    page.goto(f"http://banjar.localhost:{live_port}/inovasi/baru/")

    box = page.get_by_role("combobox", name="Urusan lain yang beririsan")
    assert box.get_attribute("placeholder") == "Ketik untuk mencari…"
    # The label still leads to the field: clicking it puts the cursor in the typing box.
    page.locator("label", has_text="Urusan lain yang beririsan").click()
    assert page.evaluate("document.activeElement.id") == "id_other_affairs-ts-control"

    page.keyboard.type("keseh")
    listbox = page.locator("#id_other_affairs-ts-dropdown")
    listbox.get_by_role("option", name="Kesehatan").wait_for()
    assert _violations(page, "#field-other_affairs") == []  # the open list, with its groups
    listbox.locator(".option.active", has_text="Kesehatan").wait_for()
    page.keyboard.press("Enter")
    choose_by_typing(page, "id_other_affairs", "pariw", "Pariwisata")
    page.keyboard.type("tidak ada urusan begini")
    listbox.get_by_text("Tidak ada hasil").wait_for()
    assert _violations(page, "#field-other_affairs") == []

    chosen = page.eval_on_selector(
        "#id_other_affairs", "s => Array.from(s.selectedOptions).map(o => o.text)"
    )
    assert chosen == ["Kesehatan", "Pariwisata"]  # the plain select underneath carries them
    page.keyboard.press("Escape")
    assert _violations(page, "#field-other_affairs") == []

    # A long single select is searchable too, its "not decided" choice kept.
    page.locator("label", has_text="Urusan pemerintahan").click()
    choose_by_typing(page, "id_affair", "perikan", "Kelautan dan Perikanan")
    assert page.eval_on_selector("#id_affair", "s => s.selectedOptions[0].text") == (
        "Kelautan dan Perikanan"
    )
    assert _violations(page, "#field-affair") == []
    assert _violations(page, "#field-opd") == []


def test_without_the_script_the_plain_select_still_works(page, live_port, committed_member, an_opd):
    committed_member("banjar", Role.REGION_ADMIN, "tanpa.skrip@banjar.test")
    sign_in(page, f"http://banjar.localhost:{live_port}", "tanpa.skrip@banjar.test")
    page.route("**/tom-select.complete.min.js", lambda route: route.abort())
    page.goto(f"http://banjar.localhost:{live_port}/inovasi/baru/")
    plain = page.get_by_label("Urusan lain yang beririsan")
    assert plain.evaluate("e => e.tagName") == "SELECT"
    plain.select_option(label=["Kesehatan", "Pariwisata"])
    assert _violations(page, "#field-other_affairs") == []
