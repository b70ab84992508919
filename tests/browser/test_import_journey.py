"""The import journey in a real browser: a region admin uploads a sheet as regions write it, the
page follows the worker's check (htmx) and shows the preview, the admin ticks the OPD to create
and confirms, and the innovations are there. The server here sends every sheet of more than one
row to the worker, so the background path is the one walked."""

from __future__ import annotations

import uuid

import pytest

from accounts.models import Role
from tests.browser.conftest import history_left_as_found, screenshot
from tests.conftest import REGION_A, assert_test_database
from tests.live import celery_beat, celery_worker, web_server
from tests.spreadsheets.helpers import xlsx_bytes

pytestmark = pytest.mark.browser

PREFIX = "Impor Peramban"
NEW_OPD = "Dinas Pendidikan dan Kebudayaan Peramban"


@pytest.fixture(scope="module")
def live_port(django_db_setup, django_db_blocker):
    from pipeline.models import PendingEffect

    queue = f"lumbung-test-browser-{uuid.uuid4().hex[:8]}"
    env = {"CELERY_QUEUE": queue, "IMPORT_BACKGROUND_ROWS": "1"}
    with (
        history_left_as_found(django_db_blocker),
        web_server(**env) as port,
        celery_worker(queue),
        celery_beat(queue),
    ):
        yield port
    with django_db_blocker.unblock():
        PendingEffect.objects.all().delete()


@pytest.fixture
def cleanup(django_db_blocker):
    yield
    from django_tenants.utils import tenant_context

    from regions.models import Region
    from tenants.history.models import Change
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit

    with django_db_blocker.unblock():
        assert_test_database()
        with tenant_context(Region.objects.get(slug=REGION_A)):
            innovations = Innovation.objects.filter(name__startswith=PREFIX)
            Change.objects.filter(innovation_id__in=innovations.values("pk")).delete()
            innovations.delete()
            OpdUnit.objects.filter(name=NEW_OPD).delete()


def test_an_admin_previews_a_regional_list_creates_an_opd_and_confirms(
    page, live_port, committed_member, cleanup, tmp_path
):
    from tests.conftest import PASSWORD

    committed_member(REGION_A, Role.REGION_ADMIN, "impor.peramban@banjar.test")
    base = f"http://banjar.localhost:{live_port}"
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("E-mail").fill("impor.peramban@banjar.test")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/")

    titles = ["Nama inovasi", "OPD", "Tahapan", "Waktu penerapan"]
    sheet = tmp_path / "daftar-inovasi.xlsx"
    sheet.write_bytes(
        xlsx_bytes(
            [
                dict(
                    zip(
                        titles,
                        [f"{PREFIX} Satu", f"{NEW_OPD} Kab. Banjar", "Ujicoba", ""],
                        strict=True,
                    )
                ),
                dict(
                    zip(
                        titles,
                        [f"{PREFIX} Dua", NEW_OPD, "Penerapan", "Februari 2021"],
                        strict=True,
                    )
                ),
            ],
            titles,
        )
    )
    page.goto(f"{base}/impor-ekspor/")
    page.get_by_label("Berkas xlsx").set_input_files(str(sheet))
    page.get_by_role("button", name="Periksa dan lihat pratinjau").click()
    page.wait_for_url(f"{base}/impor-ekspor/impor/**")
    # The worker checks the file; the page updates itself until the preview is there.
    page.get_by_role("button", name="Terapkan 2 baris").wait_for(timeout=60000)
    assert page.get_by_text(f"Buat OPD “{NEW_OPD}”").is_visible()
    screenshot(page, "import-preview")
    page.get_by_label(f"Buat OPD “{NEW_OPD}”").check()
    page.get_by_role("button", name="Terapkan 2 baris").click()
    page.get_by_text("Impor diterapkan.").wait_for(timeout=60000)
    assert page.get_by_text("2 inovasi baru").is_visible()
    page.goto(f"{base}/inovasi/")
    assert page.get_by_role("link", name=f"{PREFIX} Dua").is_visible()
