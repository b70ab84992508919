"""Real-browser fixtures: Debian's chromium driven by Playwright against the app served by
gunicorn (deploy/entrypoint.sh web) on the test database."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, assert_test_database
from tests.live import celery_beat, celery_worker, web_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's sync API runs an event loop in this thread; the test process only prepares data
# with the ORM (the app itself runs in its own gunicorn process).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip(
            "Debian's chromium is not installed (scripts/test installs it with apt when it can)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def live_port(django_db_setup, django_db_blocker):
    """The app as a user meets it: gunicorn, and a worker with beat applying the effects of what
    the browser does (catalog entries, snapshots, notifications), all on a queue of their own.
    Per module, so no worker outlives the browser tests and takes work meant for later tests;
    once they are stopped, what they left (owed effects, computed snapshots) is removed, so later
    tests start from regions without committed figures."""
    from pipeline.models import PendingEffect
    from rankings.models import IndexSnapshot
    from tests.conftest import SESSION_REGIONS

    queue = f"lumbung-test-browser-{uuid.uuid4().hex[:8]}"
    with (
        history_left_as_found(django_db_blocker),
        web_server(CELERY_QUEUE=queue) as port,
        celery_worker(queue),
        celery_beat(queue),
    ):
        yield port
    with django_db_blocker.unblock():
        PendingEffect.objects.all().delete()
        IndexSnapshot.objects.filter(region__slug__in=SESSION_REGIONS).delete()


@contextmanager
def history_left_as_found(django_db_blocker) -> Iterator[None]:
    """The history rows the journeys cause (calls, OPD units, evidence, ...) are committed
    through the live server; left behind, the next run's feed tests would read them on a reused
    test database. Each fixture deletes its own objects; the history they made goes here: every
    row of the session's regions newer than when the block began."""
    from tests.conftest import SESSION_REGIONS

    with django_db_blocker.unblock():
        marks = _history_marks(SESSION_REGIONS)
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            _forget_history_since(marks)


def _history_marks(slugs) -> dict[str, int]:
    """The newest history row of each region now: what the journeys add after it is theirs."""
    from django.db.models import Max
    from django_tenants.utils import tenant_context

    from regions.models import Region
    from tenants.history.models import Change

    marks = {}
    for region in Region.objects.filter(slug__in=slugs, is_active=True):
        with tenant_context(region):
            marks[region.slug] = Change.objects.aggregate(newest=Max("pk"))["newest"] or 0
    return marks


def _forget_history_since(marks: dict[str, int]) -> None:
    from django_tenants.utils import tenant_context

    from regions.models import Region
    from tenants.history.models import Change

    for region in Region.objects.filter(slug__in=marks):
        with tenant_context(region):
            Change.objects.filter(pk__gt=marks[region.slug]).delete()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def committed_member(django_db_blocker):
    """make(region_slug, role, email) -> a user committed to the test database (the live server
    runs in another process), removed again after the test."""
    from accounts.models import Membership, User
    from regions.models import Region

    created = []

    def make(region_slug: str, role: str, email: str):
        with django_db_blocker.unblock():
            assert_test_database()
            user = User.objects.create_user(
                email=email, password=PASSWORD, full_name="Penguji Peramban"
            )
            Membership.objects.create(
                user=user, region=Region.objects.get(slug=region_slug), role=role
            )
            created.append(user.pk)
            return user

    yield make
    with django_db_blocker.unblock():
        from axes.models import AccessAttempt, AccessFailureLog

        emails = list(User.objects.filter(pk__in=created).values_list("email", flat=True))
        # Failed logins in one run must not lock the same e-mail out in the next (--reuse-db).
        AccessAttempt.objects.filter(username__in=emails).delete()
        AccessFailureLog.objects.filter(username__in=emails).delete()
        User.objects.filter(pk__in=created).delete()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Sign in from a region's site (`base`, e.g. http://banjar.localhost:8123): its sign-in
    page sends the browser to the public site's and back, to the region's home."""
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(f"{base}/")


def choose_by_typing(page, select_id: str, typed: str, option: str) -> None:
    """Type into a searchable select's box (Tom Select) and take `option` with Enter.

    Enter takes whichever option is highlighted, and the box lists every option as soon as it
    has focus, so waiting for `option` merely to be listed could let Enter land on the first
    one on a busy machine: wait until the typed text has made it the highlighted one."""
    dropdown = page.locator(f"#{select_id}-ts-dropdown")
    dropdown.wait_for()
    page.keyboard.type(typed)
    dropdown.locator(".option.active", has_text=option).wait_for()
    page.keyboard.press("Enter")
