"""The registry journey in a real browser: an OPD operator enters an innovation with evidence and
submits it, a verifier returns it with a note, the operator fixes it and resubmits, the verifier
accepts it, and the region dashboard's estimated index changes."""

from __future__ import annotations

import re

import pytest

from accounts.models import Role
from tests.browser.conftest import choose_by_typing, screenshot, sign_in
from tests.conftest import PASSWORD, REGION_A, assert_test_database
from tests.registry.helpers import DESIGN_300, PDF_BYTES

pytestmark = pytest.mark.browser

OPD_NAME = "Dinas Kesehatan Uji Peramban"
# The wajib SID indicators of the current rubric besides SID-16 (answered first).
MANDATORY = ("SID-17", "SID-32", "SID-33", "SID-35")
INNOVATION = "SEPEDA BARU Uji Peramban"


@pytest.fixture
def journey_people(django_db_blocker):
    """An OPD with its operator, and a verifier, committed for the live server; removed after."""
    from django_tenants.utils import tenant_context

    from accounts.models import Membership, User
    from regions.models import Region
    from tenants.history.models import Change
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit

    with django_db_blocker.unblock():
        assert_test_database()
        region = Region.objects.get(slug=REGION_A)
        with tenant_context(region):
            opd = OpdUnit.objects.create(name=OPD_NAME, short_name="Dinkes-UP")
        people = {}
        for key, role, email in (
            ("operator", Role.OPD_OPERATOR, "operator.peramban@banjar.test"),
            ("verifier", Role.VERIFIER, "verifikator.peramban@banjar.test"),
        ):
            user = User.objects.create_user(email=email, password=PASSWORD, full_name=key.title())
            Membership.objects.create(
                user=user,
                region=region,
                role=role,
                opd_id=opd.pk if role == Role.OPD_OPERATOR else None,
            )
            people[key] = email
    yield people
    with django_db_blocker.unblock():
        with tenant_context(region):
            ids = list(Innovation.objects.filter(opd=opd).values_list("pk", flat=True))
            Change.objects.filter(innovation_id__in=ids).delete()
            Innovation.objects.filter(pk__in=ids).delete()
            opd.delete()
        User.objects.filter(email__in=people.values()).delete()


def estimated_index(page, base: str) -> str:
    page.goto(f"{base}/dasbor/")
    return page.locator("#estimated-index").inner_text().strip()


def choose_by_label(page, label: str, option: str) -> None:
    """A searchable select (Tom Select): type part of the option, take it with Enter, close."""
    box = page.get_by_role("combobox", name=label)
    box.focus()
    select_id = box.get_attribute("id").removesuffix("-ts-control")
    choose_by_typing(page, select_id, option[:6], option)
    page.keyboard.press("Escape")


def test_operator_and_verifier_take_an_innovation_to_verified(
    browser, live_port, journey_people, tmp_path
):
    base = f"http://banjar.localhost:{live_port}"
    operator = browser.new_context(locale="id-ID").new_page()
    verifier = browser.new_context(locale="id-ID").new_page()
    for page in (operator, verifier):
        page.set_default_timeout(15000)
    sign_in(operator, base, journey_people["operator"])
    sign_in(verifier, base, journey_people["verifier"])
    index_before = estimated_index(verifier, base)

    # The operator enters the innovation.
    operator.goto(f"{base}/inovasi/")
    operator.get_by_role("button", name="Tambah inovasi").click()
    operator.wait_for_url(re.compile(r"/inovasi/baru/$"))
    operator.get_by_label("Nama inovasi").fill(INNOVATION)
    choose_by_label(operator, "OPD pengusul", OPD_NAME)
    operator.get_by_label("Tahapan").select_option("implementation")
    operator.get_by_label(re.compile(r"^Inisiator")).select_option("opd")
    operator.get_by_label("Digital", exact=True).check()
    operator.get_by_label("Bentuk inovasi").select_option("public_service")
    choose_by_label(operator, "Urusan pemerintahan", "Kesehatan")
    operator.get_by_label("Waktu penerapan").fill("2025-03-01")
    operator.get_by_label("Rancang bangun").fill(DESIGN_300)
    operator.get_by_label("Tujuan inovasi").fill("Ibu hamil terpantau sejak dini.")
    operator.get_by_label("Manfaat yang diperoleh").fill("Rujukan lebih cepat.")
    operator.get_by_label("Hasil inovasi").fill("Kunjungan antenatal naik.")
    operator.get_by_role("button", name="Simpan").click()
    operator.wait_for_url(re.compile(r"/inovasi/\d+/"))
    assert operator.get_by_role("heading", name=INNOVATION).is_visible()

    # Answers SID-16 and uploads its evidence, through htmx.
    row = operator.locator("article#SID-16")
    row.get_by_label("Parameter").select_option(index=3)
    row.get_by_role("button", name="Tambah bukti dukung").wait_for()
    evidence = tmp_path / "perbup-sepeda-baru.pdf"
    evidence.write_bytes(PDF_BYTES)
    operator.locator("article#SID-16").get_by_label("Unggah berkas").set_input_files(evidence)
    operator.locator("article#SID-16").get_by_role("button", name="Tambah bukti dukung").click()
    operator.locator("article#SID-16").get_by_role("link", name="perbup-sepeda-baru.pdf").wait_for()
    operator.get_by_role("button", name="Ajukan").click()
    assert operator.locator("#report-status").inner_text() == "Diajukan"
    screenshot(operator, "registry-submitted")
    url = operator.url.split("?")[0]

    # The verifier cannot verify it yet (mandatory indicators unanswered) and returns it.
    verifier.goto(url)
    assert verifier.get_by_text("Belum dapat diverifikasi:").is_visible()
    assert verifier.get_by_role("button", name="Verifikasi").count() == 0
    verifier.get_by_text("Kembalikan", exact=True).click()
    verifier.get_by_label("Catatan umum").fill("Lengkapi SK tim pelaksana (SID-17).")
    verifier.get_by_role("button", name="Kembalikan ke OPD").click()
    assert verifier.locator("#report-status").inner_text() == "Dikembalikan"

    # The operator reads the note, fixes the profile and resubmits.
    operator.goto(url)
    assert operator.get_by_text("Lengkapi SK tim pelaksana (SID-17).").is_visible()
    operator.get_by_role("button", name="Ubah profil").click()
    operator.get_by_label("Hasil inovasi").fill("Kunjungan antenatal naik 30%.")
    operator.get_by_role("button", name="Simpan").click()
    operator.wait_for_url(re.compile(r"/inovasi/\d+/"))
    for code in MANDATORY:  # and answers the mandatory indicators
        operator.locator(f"article#{code}").get_by_label("Parameter").select_option(index=1)
        operator.locator(f"article#{code}").get_by_role(
            "button", name="Tambah bukti dukung"
        ).wait_for()
    operator.get_by_role("button", name="Ajukan").click()
    assert operator.locator("#report-status").inner_text() == "Diajukan"

    # The verifier accepts it; the estimated index moves.
    verifier.goto(url)
    verifier.get_by_role("button", name="Verifikasi").click()
    assert verifier.locator("#report-status").inner_text() == "Terverifikasi"
    index_after = estimated_index(verifier, base)
    screenshot(verifier, "registry-dashboard-after-verify")
    assert index_after != index_before
