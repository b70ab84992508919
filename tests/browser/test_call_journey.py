"""The call journey in a real browser: a visitor submits an innovation on the region's public
call page without an account and gets a receipt number, follows it by that number, the region
admin takes the call through its stages, publishes the result and accepts the submission, and a
draft innovation of the chosen OPD exists."""

from __future__ import annotations

import datetime
import re

import pytest

from accounts.models import Role
from tests.browser.conftest import screenshot
from tests.conftest import PASSWORD, REGION_A, assert_test_database

pytestmark = pytest.mark.browser

CALL_TITLE = "Krenova Uji Peramban 2026"
OPD_NAME = "Dinas Pertanian Uji Peramban"
TITLE = "Lumbung Pangan Desa Uji Peramban"
ADMIN = "admin.sayembara@banjar.test"


@pytest.fixture
def call_setting(django_db_blocker):
    """An open call with one juror, an OPD and an admin, committed for the live server."""
    from django.core.cache import cache
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import Membership, User
    from regions.models import Region
    from tenants.calls import services
    from tenants.calls.models import Call
    from tenants.history.models import Change
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit

    with django_db_blocker.unblock():
        assert_test_database()
        region = Region.objects.get(slug=REGION_A)
        people = []
        for email, role in ((ADMIN, Role.REGION_ADMIN), ("juri.sayembara@banjar.test", Role.JURY)):
            user = User.objects.create_user(email=email, password=PASSWORD, full_name="Peramban")
            Membership.objects.create(user=user, region=region, role=role)
            people.append(user)
        admin, juror = people
        with tenant_context(region):
            opd = OpdUnit.objects.create(name=OPD_NAME, short_name="Distan-UP")
        today = timezone.localdate()
        call = services.call_create(
            region=region,
            actor=admin,
            data={
                "title": CALL_TITLE,
                "categories": ["agribusiness_food_security", "health"],
                "opens_on": today - datetime.timedelta(days=1),
                "closes_on": today + datetime.timedelta(days=30),
                "submitter_kinds": ["public", "student"],
                "max_team_size": 5,
            },
        )
        services.take_step(region=region, actor=admin, call=call, step="open")
        services.jury_add(
            region=region, actor=admin, call=call, user=juror, affiliation_kind="academia"
        )
        # The live server sees every browser as 127.0.0.1: start this journey under the limit.
        cache.delete_many(["calls:submit:127.0.0.1", "calls:receipt:127.0.0.1"])
    yield {"call": call}
    with django_db_blocker.unblock():
        with tenant_context(region):
            ids = list(Innovation.objects.filter(opd=opd).values_list("pk", flat=True))
            Change.objects.filter(innovation_id__in=ids).delete()
            Innovation.objects.filter(pk__in=ids).delete()
            Call.objects.filter(pk=call.pk).delete()
            opd.delete()
        User.objects.filter(pk__in=[admin.pk, juror.pk]).delete()


def test_a_public_submission_becomes_a_draft_innovation(
    browser, live_port, call_setting, django_db_blocker
):
    from django_tenants.utils import tenant_context

    from regions.models import Region
    from tenants.innovations.models import Innovation

    base = f"http://banjar.localhost:{live_port}"
    call = call_setting["call"]

    visitor = browser.new_context(locale="id-ID").new_page()
    visitor.set_default_timeout(15000)
    visitor.goto(f"{base}/sayembara/")
    visitor.get_by_role("link", name=CALL_TITLE).click()
    visitor.get_by_label("Mengusulkan sebagai").select_option("public")
    visitor.get_by_label("Nama pengusul (ketua tim)").fill("Siti Aminah")
    visitor.get_by_label("E-mail").fill("siti@contoh.test")
    visitor.get_by_label("Anggota tim lain (satu nama per baris)").fill("Budi\nRina")
    visitor.get_by_label("Judul inovasi").fill(TITLE)
    visitor.get_by_label("Bidang").select_option("agribusiness_food_security")
    visitor.get_by_label("Permasalahan yang diatasi").fill("Harga gabah jatuh saat panen raya.")
    visitor.get_by_label("Solusi/inovasi yang ditawarkan").fill("Lumbung pangan desa.")
    visitor.wait_for_timeout(5500)  # a person's pace: the form refuses answers under 5 seconds
    visitor.get_by_role("button", name="Kirim usulan").click()
    visitor.wait_for_url(re.compile(r"/sayembara/\d+/terkirim/"))
    receipt = visitor.locator("[data-receipt]").inner_text().strip()
    assert re.fullmatch(r"SYB-\d{4}-[A-Z0-9]{8}", receipt)
    screenshot(visitor, "call-receipt")
    visitor.get_by_role("link", name="Cek status usulan").click()
    assert visitor.locator("[data-status]").inner_text().strip() == "Dalam proses seleksi"
    assert "Siti" not in visitor.content()
    visitor.context.close()

    admin = browser.new_context(locale="id-ID").new_page()
    admin.set_default_timeout(15000)
    admin.goto(f"{base}/akun/masuk/")
    admin.get_by_label("E-mail").fill(ADMIN)
    admin.get_by_label("Kata sandi").fill(PASSWORD)
    admin.get_by_role("button", name="Masuk").click()
    admin.wait_for_url(f"{base}/")
    admin.goto(f"{base}/sayembara/kelola/{call.pk}/")
    assert TITLE in admin.content()
    admin.get_by_role("button", name="Tutup pendaftaran, mulai penjurian").click()
    admin.wait_for_load_state()
    # Three review stages and the uji publik, each passed on to the next.
    for expected in (
        "Presentasi dan tanya jawab",
        "Peninjauan lapangan",
        "Uji publik (masa sanggah)",
        "Penetapan pemenang",
    ):
        admin.get_by_role("button", name="Lanjut ke tahap berikutnya").click()
        admin.wait_for_load_state()
        assert admin.locator("[data-current-stage]").inner_text().strip() == expected
    admin.get_by_role("button", name="Umumkan hasil").click()
    admin.wait_for_load_state()
    assert admin.locator("[data-call-status]").inner_text().strip() == "Hasil diumumkan"
    admin.get_by_role("link", name=TITLE).first.click()
    admin.get_by_label("OPD pembina (untuk inovasi masyarakat)").select_option(label=OPD_NAME)
    admin.get_by_role("button", name="Terima menjadi draf inovasi").click()
    admin.wait_for_url(re.compile(r"/inovasi/\d+/"))
    screenshot(admin, "call-accepted-innovation")
    assert TITLE in admin.content()
    admin.context.close()

    with django_db_blocker.unblock(), tenant_context(Region.objects.get(slug=REGION_A)):
        innovation = Innovation.objects.get(name=TITLE)
        assert innovation.opd.name == OPD_NAME
        assert innovation.initiator_name == "Siti Aminah, Budi, Rina"
        assert innovation.reports.get().status == "draft"
