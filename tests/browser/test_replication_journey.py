"""The replication journey in a real browser: Tanah Bumbu's admin finds a Banjar innovation in the
catalog and asks to replicate it, Banjar accepts, the visit and the agreement are recorded,
Tanah Bumbu creates its replica, and both dashboards show the credit."""

from __future__ import annotations

import re

import pytest

from accounts.models import Role
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import PASSWORD, REGION_A, REGION_B, assert_test_database
from tests.live import settle_effects
from tests.registry.helpers import PDF_BYTES

pytestmark = pytest.mark.browser

INNOVATION = "SEPEDA BARU Jejaring Peramban"
ORIGIN_OPD = "Dinas Kesehatan Asal Peramban"
REPLICA_OPD = "Dinas Kesehatan Replika Peramban"


@pytest.fixture
def two_regions(django_db_blocker):
    """Banjar with a verified, published innovation and its admin; Tanah Bumbu with an OPD and
    its admin. Committed for the live server, removed afterwards."""
    from django_tenants.utils import tenant_context

    from accounts.models import Membership, User
    from regions.models import Region
    from replication.catalog.models import CatalogEntry
    from replication.notifications.models import Notification
    from replication.requests.models import ReplicationRequest
    from tenants.history.models import Change
    from tenants.innovations.models import Innovation
    from tenants.organization.models import OpdUnit
    from tests.replication.helpers import published_entry

    with django_db_blocker.unblock():
        assert_test_database()
        banjar, tanah_bumbu = Region.objects.get(slug=REGION_A), Region.objects.get(slug=REGION_B)
        people = {}
        for key, region in (("origin", banjar), ("requester", tanah_bumbu)):
            email = f"admin.jejaring.{region.slug}@peramban.test"
            user = User.objects.create_user(email=email, password=PASSWORD, full_name=key.title())
            Membership.objects.create(user=user, region=region, role=Role.REGION_ADMIN)
            people[key] = (email, user)
        with tenant_context(banjar):
            origin_opd = OpdUnit.objects.create(name=ORIGIN_OPD)
        with tenant_context(tanah_bumbu):
            replica_opd = OpdUnit.objects.create(name=REPLICA_OPD)
        entry = published_entry(banjar, people["origin"][1], origin_opd, name=INNOVATION)
    yield {key: email for key, (email, _user) in people.items()}
    with django_db_blocker.unblock():
        settle_effects()  # nothing in flight may write the entry back after it is removed
        users = [user.pk for _email, user in people.values()]
        requests = ReplicationRequest.objects.filter(
            origin_innovation_id=entry.innovation_id, origin=banjar
        )
        replica_ids = [pk for pk in requests.values_list("replica_innovation_id", flat=True) if pk]
        requests.delete()
        CatalogEntry.objects.filter(pk=entry.pk).delete()
        Notification.objects.filter(user_id__in=users).delete()
        for region, opd, extra in (
            (banjar, origin_opd, []),
            (tanah_bumbu, replica_opd, replica_ids),
        ):
            with tenant_context(region):
                ids = list(Innovation.objects.filter(opd=opd).values_list("pk", flat=True)) + extra
                Change.objects.filter(innovation_id__in=ids).delete()
                Innovation.objects.filter(pk__in=ids).delete()
                opd.delete()
        User.objects.filter(pk__in=users).delete()


def dashboard_figures(page, base: str) -> tuple[str, str]:
    page.goto(f"{base}/dasbor/")
    index = page.locator("#estimated-index").inner_text().strip()
    heading = page.get_by_role("heading", name=re.compile(r"^\d+ inovasi$")).inner_text()
    return index, heading


def step(page, label: str, fill=None) -> None:
    """Open the step's panel on the request page, fill it, submit it."""
    panel = page.locator("details", has=page.locator("summary", has_text=label))
    panel.locator("summary").click()
    if fill:
        fill(panel)
    with page.expect_navigation():
        panel.locator("form").get_by_role("button", name=label).click()


def test_tanah_bumbu_replicates_a_banjar_innovation(browser, live_port, two_regions, tmp_path):
    banjar = f"http://banjar.localhost:{live_port}"
    tanah_bumbu = f"http://tanah-bumbu.localhost:{live_port}"
    origin = browser.new_context(locale="id-ID").new_page()
    requester = browser.new_context(locale="id-ID").new_page()
    for page in (origin, requester):
        page.set_default_timeout(15000)
    sign_in(origin, banjar, two_regions["origin"])
    sign_in(requester, tanah_bumbu, two_regions["requester"])
    origin_index_before, _ = dashboard_figures(origin, banjar)
    _, requester_count_before = dashboard_figures(requester, tanah_bumbu)
    documents = {}
    for name in ("surat-minat.pdf", "notulen.pdf", "pks.pdf"):
        documents[name] = tmp_path / name
        documents[name].write_bytes(PDF_BYTES)

    # Tanah Bumbu finds the innovation in the catalog and asks to replicate it.
    requester.goto(f"{tanah_bumbu}/katalog/")
    requester.get_by_label("Cari inovasi").fill("sepeda baru jejaring")
    requester.get_by_role("button", name="Cari").click()
    requester.get_by_role("link", name=INNOVATION).first.click()
    requester.get_by_role("button", name="Ajukan replikasi").click()
    requester.get_by_label("Pesan untuk daerah asal").fill("Kami ingin belajar dari Banjar.")
    requester.get_by_label("Surat permohonan/minat (PDF)").set_input_files(
        documents["surat-minat.pdf"]
    )
    requester.get_by_role("button", name="Kirim permohonan").click()
    requester.wait_for_url(re.compile(r"/replikasi/\d+/$"))
    assert requester.locator("#request-status").inner_text() == "Diajukan"
    request_path = requester.url.split(tanah_bumbu, 1)[1]

    # Banjar sees it in its inbox and accepts.
    origin.goto(f"{banjar}/replikasi/")
    origin.get_by_role("link", name=re.compile(INNOVATION)).first.click()
    step(origin, "Terima")
    assert origin.locator("#request-status").inner_text() == "Diterima"

    # The visit and the agreement are recorded.
    requester.goto(f"{tanah_bumbu}{request_path}")
    step(
        requester,
        "Jadwalkan kunjungan",
        lambda p: p.get_by_label("Tanggal kunjungan").fill("2026-05-06"),
    )
    assert requester.locator("#request-status").inner_text() == "Kunjungan dijadwalkan"

    def visit(panel):
        panel.get_by_label("Tanggal kunjungan").fill("2026-05-06")
        panel.get_by_label("Peserta kunjungan").fill("Bappeda Tanah Bumbu; Dinkes Banjar")
        panel.get_by_label("Notulen kunjungan (PDF)").set_input_files(documents["notulen.pdf"])

    step(requester, "Catat kunjungan selesai", visit)
    assert requester.locator("#request-status").inner_text() == "Kunjungan menunggu konfirmasi"
    assert requester.locator("#waiting-other").is_visible()
    # Banjar confirms the visit Tanah Bumbu recorded, having seen its minutes.
    origin.goto(f"{banjar}{request_path}")
    assert origin.get_by_role("link", name=re.compile("notulen.pdf")).is_visible()
    step(origin, "Konfirmasi kunjungan")
    assert origin.locator("#request-status").inner_text() == "Kunjungan selesai"
    requester.goto(f"{tanah_bumbu}{request_path}")

    def agreement(panel):
        panel.get_by_label("Jenis kesepakatan").select_option("pks")
        panel.get_by_label("Nomor kesepakatan").fill("PKS/070/12/2026")
        panel.get_by_label("Tanggal penandatanganan").fill("2026-06-01")
        panel.get_by_label("Dokumen PKS/MoU/surat resmi (PDF)").set_input_files(
            documents["pks.pdf"]
        )

    step(requester, "Catat kesepakatan", agreement)
    assert requester.locator("#request-status").inner_text() == "Kesepakatan menunggu konfirmasi"
    # No credit on one side's word: Banjar confirms the agreement, and only then is it credited.
    origin.goto(f"{banjar}{request_path}")
    step(origin, "Konfirmasi kesepakatan")
    assert origin.locator("#request-status").inner_text() == "Kesepakatan"
    assert "Dihitung pada laporan" in origin.locator("#credit-state").inner_text()
    requester.goto(f"{tanah_bumbu}{request_path}")

    # Tanah Bumbu creates its replica.
    step(
        requester,
        "Buat inovasi replika",
        lambda p: p.get_by_label("OPD pelaksana replika di daerah Anda").select_option(
            label=REPLICA_OPD
        ),
    )
    assert requester.locator("#request-status").inner_text() == "Implementasi"
    screenshot(requester, "replication-implementation")
    requester.locator("#replica-link").click()
    # The lineage is loaded into the innovation page from the replication side (htmx).
    requester.locator("#lineage-origin").wait_for()
    assert "Replika dari" in requester.locator("#lineage-origin").inner_text()

    # Both dashboards show it: Banjar's index gains the replication credit, Tanah Bumbu counts
    # its replica.
    origin_index_after, _ = dashboard_figures(origin, banjar)
    _, requester_count_after = dashboard_figures(requester, tanah_bumbu)
    screenshot(origin, "replication-origin-dashboard")
    assert origin_index_after != origin_index_before
    assert requester_count_after != requester_count_before
