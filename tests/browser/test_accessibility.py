"""Every page passes axe-core's WCAG 2.1 A and AA rules (issue #17), at a desktop's width and at
a phone's (390 px, where it must not scroll sideways either), for a visitor, a region admin and
an OPD operator (and the platform operator on the platform's own desk).

"Every page" is every route of the region site declared in tests/core/test_every_route.py's
ROUTES, filled with the objects of its `world` fixture, and every route of the public site: a new
route is walked as soon as it is declared there (and that test makes declaring it compulsory),
and a public-site route that is neither there nor in PLATFORM_DESK fails this test.

The pages are served in this process by Django's test client, inside the test's transaction:
the browser's requests are answered through Playwright's routing (no server, nothing
committed), so the world of test_every_route is reused as it is and rolled back after."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from django.test import Client
from django.urls import reverse

from replication.catalog.models import CatalogEntry
from tests.conftest import host_of, pass_second_factor
from tests.core.test_every_route import (
    PUBLIC,
    ROUTES,
    _url,
    named_routes,
    region_routes,
    world,  # noqa: F401 - the fixture, shared with the route walk
)

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Routes of the public site that the region site does not have: the platform operator's desk
# (their object kinds as in ROUTES), and the Django admin, whose pages are Django's own.
PLATFORM_DESK = {"official:list": "", "official:import": "", "official:template": ""}
NOT_PAGES = {
    # Ends the session the walk relies on; its answer is a redirect, not a page.
    "accounts:logout",
    "official:run",  # a run of the official import: needs a real upload; its page is the import's
    "healthz",
    "favicon",
    "set_language",  # a form's target (POST), answering with a redirect
    # Single sign-on: a redirect to the identity provider, and its way back.
    "accounts:sso_start",
    "accounts:sso_callback",
}
# Wait until the page and whatever htmx loads into it on arrival have settled.
SETTLED = """() => new Promise(resolve => {
  let quiet = 0;
  (function tick() {
    const busy = document.readyState !== 'complete' || document.querySelector('.htmx-request');
    quiet = busy ? 0 : quiet + 1;
    if (quiet >= 3) resolve(); else setTimeout(tick, 30);
  })();
})"""
# axe leaves its experimental rules out unless named; those under the WCAG tags are run too
# (label-content-name-mismatch, WCAG 2.5.3, is one).
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
  rules: Object.fromEntries(axe.getRules(tags).filter(r => r.tags.includes('experimental'))
    .map(r => [r.ruleId, {enabled: true}])),
  resultTypes: ['violations']}).then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' '))})))"""


@dataclass
class Served:
    """One role's pages: Django's test client per host, the page fetched ahead of the browser
    (so downloads, refusals and redirects never reach it), failures, and what was looked at."""

    clients: dict[str, Client]
    context: contextvars.Context
    ahead: dict[str, tuple[int, dict, bytes]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seen: set = field(default_factory=set)

    def fetch(self, url: str, method: str = "GET", data: bytes = b"", headers=None):
        """Django's answer to a request for `url`: (status, headers, body), or None when the
        request failed (the failure is kept in `errors`)."""
        parts = urlsplit(url)
        cacheable = method == "GET" and parts.path.startswith("/static/")
        if cacheable and parts.path in STATIC:
            return STATIC[parts.path]
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = dict(headers or {})
        try:
            response = self.context.run(
                self.clients[parts.hostname or ""].generic,
                method,
                path,
                data=data,
                content_type=headers.pop("content-type", "application/octet-stream"),
                headers=headers,
            )
        except Exception as error:  # the page's own failure: reported, and the walk goes on
            self.errors.append(f"{url} raised {error!r}")
            return None
        # No response.close(): the test client closes the response itself, without the
        # request_finished handler that would close the test transaction's connection.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        answer = (response.status_code, dict(response.items()), body)
        if cacheable:
            STATIC[parts.path] = answer
        return answer


# The static files, read once for all roles (the same few on every page).
STATIC: dict[str, tuple[int, dict, bytes]] = {}


def _serve(context, served: Served) -> None:
    """Answer every request of the browser `context` with Django's test client of its host."""

    def handle(route) -> None:
        request = route.request
        if urlsplit(request.url).hostname not in served.clients:
            route.abort()
            return
        if request.url in served.ahead:
            status, answer, body = served.ahead.pop(request.url)
        else:
            headers = {
                name: value
                for name, value in request.headers.items()
                if name.lower() not in ("host", "cookie", "content-length", "accept-encoding")
            }
            fetched = served.fetch(
                request.url, request.method, request.post_data_buffer or b"", headers
            )
            if fetched is None:
                route.fulfill(status=500, content_type="text/html", body="")
                return
            status, answer, body = fetched
        route.fulfill(status=status, headers=answer, body=body)

    context.route("**/*", handle)


def _client(user, region) -> Client:
    client = Client(HTTP_HOST=host_of(region))
    if user is not None:
        client.force_login(user)
        if user.is_superuser:
            pass_second_factor(client, user)
    return client


def _pages(objects: dict, region, *, signed_in: bool) -> Iterator[tuple[str, str]]:
    """(route name, absolute URL) of the pages to look at, in a stable order: for the visitor
    every public page (on the region's host, then the public site's own); for a member every
    page of the region site that is not public (the public ones differ for them only in the
    header, which every other page shows) and the public site's home. An undeclared route of
    the public site comes with no URL."""
    seen = set()
    for name, pattern in region_routes():
        audience, _action, _kind = ROUTES[name]
        if name.startswith("api:") or name in NOT_PAGES or (audience == PUBLIC) == signed_in:
            continue
        seen.add(name)
        yield name, f"http://{host_of(region)}{_url(name, pattern, objects['values'])}"
    for name, pattern in named_routes("lumbung.urls_public"):
        if name.startswith(("api:", "admin:", "official:")) or name in NOT_PAGES or name in seen:
            continue
        if name not in ROUTES:
            yield name, ""
            continue
        if signed_in and name != "home":
            continue
        if not signed_in and ROUTES[name][0] != PUBLIC and name != "home":
            continue
        yield name, f"http://localhost{_url_public(name, pattern, objects['values'])}"


def _desk_pages(objects: dict) -> Iterator[tuple[str, str]]:
    for name, pattern in named_routes("lumbung.urls_public"):
        if name in PLATFORM_DESK and name not in NOT_PAGES:
            yield name, f"http://localhost{_url_public(name, pattern, objects['values'])}"


def _url_public(name: str, pattern: str, values: dict) -> str:
    kind = ROUTES[name][2] if name in ROUTES else PLATFORM_DESK[name]
    arguments = {
        key: value
        for key, value in values[kind].items()
        if f"<{key}>" in pattern or f":{key}>" in pattern
    }
    return reverse(name, urlconf="lumbung.urls_public", kwargs=arguments)


def _check(page, served: Served, who: str, name: str, url: str, found: list[str]) -> None:
    fetched = served.fetch(url)
    for _hop in range(5):  # redirects followed here: Playwright routes no fulfilled redirect
        if fetched is None or fetched[0] not in (301, 302, 303, 307, 308):
            break
        url = urljoin(url, fetched[1]["Location"])
        fetched = served.fetch(url)
    found.extend(f"{who} · {name}: {error}" for error in served.errors)
    served.errors.clear()
    if fetched is None:
        return
    status, answer, body = fetched
    if not answer.get("Content-Type", "").startswith("text/html") or b"<html" not in body[:500]:
        return  # a download, a fragment htmx loads into its page, a 405 for a form's target
    where = urlsplit(url)
    key = (where.hostname, where.path if status == 200 else f"<{status} page>")
    if key in served.seen:
        return  # a page already looked at (the sign-in page after a redirect, an error page)
    served.seen.add(key)
    served.ahead[url] = fetched
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(url)
    page.evaluate(SETTLED)
    for viewport, size in VIEWPORTS.items():
        if viewport != "desktop":
            page.set_viewport_size(size)
            page.evaluate(SETTLED)
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if sideways > 1:
                found.append(f"{who} · {viewport} · {name} {url}: scrolls {sideways} px sideways")
        for violation in page.evaluate(AXE_RUN, TAGS):
            for target in violation["targets"][:5]:
                found.append(
                    f"{who} · {viewport} · {name} {url}: {violation['id']} "
                    f"[{violation['impact']}] {target} — {violation['help']}"
                )
    # What htmx loaded into the page failed.
    found.extend(f"{who} · {name}: {error}" for error in served.errors)
    served.errors.clear()


def test_every_page_passes_axe_at_desktop_and_phone_width(browser, world, personas, region_a):  # noqa: F811
    people = {
        "visitor": None,
        "region admin": personas.admin_a,
        "OPD operator": personas.operator_a,
        # The platform operator's desk on the public site (official results); the rest of what
        # they see is the pages above, and the Django admin's pages are Django's own.
        "platform admin": personas.platform_admin,
    }
    # A catalog entry with a long link: on a phone it wraps instead of widening the page.
    CatalogEntry.objects.filter(public_id=world["values"]["entry"]["public_id"]).update(
        video_url="https://video.contoh.go.id/" + "rekaman-inovasi-pelayanan-" * 8
    )
    assert {name for name, _url in _desk_pages(world)} >= {"official:list", "official:import"}
    found: list[str] = []
    for who, user in people.items():
        context = browser.new_context(locale="id-ID", viewport=VIEWPORTS["desktop"])
        context.add_init_script(AXE_SCRIPT)
        served = Served(
            clients={"localhost": _client(user, None), "banjar.localhost": _client(user, region_a)},
            # Playwright calls the route handler in a greenlet of its own, which starts with
            # empty context variables: Django's database connection (an asgiref Local) would be
            # a new one, outside the test's transaction. Django runs in the test's context.
            context=contextvars.copy_context(),
        )
        _serve(context, served)
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            pages = (
                _desk_pages(world)
                if who == "platform admin"
                else _pages(world, region_a, signed_in=user is not None)
            )
            for name, url in pages:
                if not url:
                    found.append(f"declare the public site's route {name} in ROUTES or here")
                    continue

                _check(page, served, who, name, url, found)
        finally:
            context.close()
    assert found == [], "\n" + "\n".join(found)


def _contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored)."""

    def luminance(colour: str) -> float:
        channels = [float(part) / 255 for part in colour.split("(")[1].split(")")[0].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FOCUS_RING = """() => { const s = getComputedStyle(document.activeElement);
  return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor,
          getComputedStyle(document.body).backgroundColor]; }"""


def test_a_phone_shows_the_content_first_and_wide_tables_their_key_columns(
    browser,
    world,  # noqa: F811
    personas,
    region_a,
):
    context = browser.new_context(locale="id-ID", viewport=VIEWPORTS["phone"])
    served = Served(
        clients={
            "localhost": _client(personas.admin_a, None),
            "banjar.localhost": _client(personas.admin_a, region_a),
        },
        context=contextvars.copy_context(),
    )
    _serve(context, served)
    page = context.new_page()
    page.set_default_timeout(15000)
    base = "http://banjar.localhost"
    try:
        # The catalog: the search box has the width, the results start high on the screen, and
        # the "Cari" button's focus ring stands out (≥ 3:1) from the page.
        page.goto(f"{base}/katalog/")
        page.evaluate(SETTLED)
        assert page.locator(".site-header").bounding_box()["height"] < 160
        assert page.locator("#catalog-q").bounding_box()["width"] > 0.8 * 390
        assert page.locator(".catalog-card").first.bounding_box()["y"] < 750
        assert not page.locator(".facets-box").evaluate("d => d.open")
        page.locator("#catalog-q").focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent.trim()") == "Cari"
        style, width, colour, background = page.evaluate(FOCUS_RING)
        assert style != "none" and width >= 2
        assert _contrast(colour, background) >= 3
        # Wide tables: a named region the keyboard can scroll, saying so, the key column pinned.
        for path in ("/peringkat/", "/riwayat/"):
            page.goto(base + path)
            page.evaluate(SETTLED)
            box = page.locator(".table-scroll.is-scrollable").first
            assert box.get_attribute("role") == "region"
            assert box.get_attribute("tabindex") == "0"
            assert "geser untuk kolom lain" in box.get_attribute("aria-label")
            hint = box.evaluate("b => getComputedStyle(b, '::before').content")
            assert "Geser untuk kolom lain" in hint
            assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 1
        key = page.locator(".table-scroll.is-scrollable .key-col").first
        before = key.bounding_box()["x"]
        page.locator(".table-scroll.is-scrollable").first.evaluate("b => { b.scrollLeft = 400; }")
        assert key.bounding_box()["x"] == pytest.approx(before, abs=1)
    finally:
        context.close()
