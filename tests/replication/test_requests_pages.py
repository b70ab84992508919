"""The replication pages on the region hosts: inbox, new request, a request with its timeline and
steps, documents; and the publishing and lineage sections of the innovation page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tenants.utils import tenant_context

from replication.catalog.models import CatalogEntry
from replication.requests.models import ReplicationRequest, RequestStatus
from tenants.publishing.models import Publication
from tests.effects import apply_effects
from tests.registry.helpers import make_innovation, pdf, png
from tests.replication.helpers import verified_innovation
from tests.replication.request_helpers import network, visit_day

S = RequestStatus


@pytest.fixture
def net(personas, region_a, region_b):
    return network(personas, region_a, region_b)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_inbox_shows_both_directions_to_every_member(net, personas, client_for):
    incoming = net.request_in(S.SUBMITTED)
    outgoing_entry = CatalogEntry.objects.get(pk=incoming.entry_id)
    assert outgoing_entry.region == net.origin
    origin_page = client_for(net.origin_admin, net.origin).get("/replikasi/")
    assert origin_page.status_code == 200
    html = origin_page.content.decode()
    assert "SEPEDA BARU" in html and net.requester.display_name in html
    assert origin_page.context["counts"].incoming == 1
    assert origin_page.context["counts"].outgoing == 0
    requester_page = client_for(net.requester_admin, net.requester).get("/replikasi/?box=outgoing")
    assert [r.pk for r in requester_page.context["page"].object_list] == [incoming.pk]
    nothing = client_for(net.requester_admin, net.requester).get("/replikasi/?box=incoming")
    assert list(nothing.context["page"].object_list) == []
    # Members who are not admins read the inbox too.
    for member in (personas.verifier_a, personas.leader_a, personas.operator_a):
        assert client_for(member, net.origin).get("/replikasi/").status_code == 200
    assert client_for(personas.outsider, net.origin).get("/replikasi/").status_code == 403
    assert client_for(None, net.origin).get("/replikasi/").status_code == 302
    # The third region sees nothing of it.
    third = client_for(net.third_admin, net.third).get("/replikasi/")
    assert list(third.context["page"].object_list) == []


def test_the_inbox_filters_by_status_and_counts(net, client_for):
    net.request_in(S.SUBMITTED)
    net.request_in(S.ACCEPTED, entry=net.entry("INOVASI DUA"))
    client = client_for(net.origin_admin, net.origin)
    page = client.get("/replikasi/", {"status": "accepted"})
    assert [r.status for r in page.context["page"].object_list] == ["accepted"]
    counts = {value: n for value, _label, n in page.context["statuses"]}
    assert counts["submitted"] == 1 and counts["accepted"] == 1
    assert page.context["counts"].incoming_open == 2
    # An unknown filter value is ignored, not an error.
    assert len(client.get("/replikasi/", {"status": "x", "box": "y"}).context["page"]) == 2


def test_a_region_admin_requests_a_catalog_innovation(net, personas, client_for):
    entry = net.entry()
    client = client_for(net.requester_admin, net.requester)
    url = reverse("requests:create", args=[entry.public_id])
    page = client.get(url, HTTP_HOST=f"{net.requester.slug}.localhost")
    assert page.status_code == 200
    assert "SEPEDA BARU" in page.content.decode() and "Narahubung" in page.content.decode()
    refused = client.post(url, {"message": "Mohon", "letter": png()})
    assert refused.status_code == 200
    assert "PDF" in " ".join(refused.context["form"].errors["letter"])
    response = client.post(url, {"message": "Kami tertarik.", "letter": pdf("minat.pdf")})
    created = ReplicationRequest.objects.get(requester=net.requester)
    assert response.status_code == 302
    assert response["Location"] == reverse("requests:detail", args=[created.pk])
    assert (
        created.message == "Kami tertarik." and created.documents.get().kind == "letter_of_interest"
    )
    # A second request while the first runs is refused with a link to it.
    again = client.get(url)
    assert again.context["existing"] == created
    assert "masih berjalan" in again.content.decode()
    assert client.post(url, {"letter": pdf()}).status_code == 200
    assert ReplicationRequest.objects.filter(requester=net.requester).count() == 1
    # Only admins ask.
    verifier = client_for(personas.verifier_a, net.origin)
    other = net.entry("INOVASI LAIN")
    assert verifier.get(reverse("requests:create", args=[other.public_id])).status_code == 403


def test_a_region_cannot_request_its_own_innovation_on_the_page(net, client_for):
    entry = net.entry()
    client = client_for(net.origin_admin, net.origin)
    url = reverse("requests:create", args=[entry.public_id])
    page = client.get(url)
    assert page.context["own"] and "inovasinya sendiri" in page.content.decode()
    client.post(url, {"letter": pdf()})
    assert not ReplicationRequest.objects.exists()
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("requests:create", args=[missing])).status_code == 404


def test_only_the_two_regions_see_a_request(net, personas, client_for):
    request = net.request_in(S.VISIT_DONE)
    document = request.documents.get(kind="visit_minutes")
    detail = f"/replikasi/{request.pk}/"
    download = f"/replikasi/{request.pk}/dokumen/{document.pk}/"
    for user, region in (
        (net.origin_admin, net.origin),
        (net.requester_admin, net.requester),
        (personas.verifier_a, net.origin),
    ):
        client = client_for(user, region)
        assert client.get(detail).status_code == 200
        response = client.get(download)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    third = client_for(net.third_admin, net.third)
    assert third.get(detail).status_code == 404
    assert third.get(download).status_code == 404
    assert third.post(f"{detail}langkah/record_agreement/").status_code == 404
    # An origin member on another region's host (where they are no member): nothing there.
    assert client_for(net.origin_admin, net.third).get(detail).status_code == 404
    other_request = net.request_in(S.SUBMITTED, entry=net.entry("INOVASI LAIN"))
    other_doc = other_request.documents.get()
    assert (
        client_for(net.origin_admin, net.origin)
        .get(f"/replikasi/{request.pk}/dokumen/{other_doc.pk}/")
        .status_code
        == 404
    )


def test_the_detail_shows_the_timeline_and_only_my_steps(net, personas, client_for):
    request = net.request_in(S.SUBMITTED)
    origin = client_for(net.origin_admin, net.origin).get(f"/replikasi/{request.pk}/")
    assert {f.transition.name for f in origin.context["forms"]} == {"accept", "decline"}
    html = origin.content.decode()
    assert "Kami ingin mereplikasi inovasi ini." in html
    assert "surat-minat.pdf" in html and net.requester.display_name in html
    assert reverse("catalog:detail", args=[request.entry.public_id]) in html
    requester = client_for(net.requester_admin, net.requester).get(f"/replikasi/{request.pk}/")
    assert {f.transition.name for f in requester.context["forms"]} == {"cancel"}
    verifier = client_for(personas.verifier_a, net.origin).get(f"/replikasi/{request.pk}/")
    assert verifier.context["forms"] == []
    assert "Hanya admin daerah" in verifier.content.decode()
    assert (
        client_for(personas.verifier_a, net.origin)
        .post(f"/replikasi/{request.pk}/langkah/accept/", {})
        .status_code
        == 403
    )


def test_a_decline_needs_a_reason_and_keeps_the_input(net, client_for):
    request = net.request_in(S.SUBMITTED)
    client = client_for(net.origin_admin, net.origin)
    response = client.post(f"/replikasi/{request.pk}/langkah/decline/", {"decline-note": ""})
    assert response.status_code == 400
    bound = next(f for f in response.context["forms"] if f.is_bound)
    assert "note" in bound.errors
    request.refresh_from_db()
    assert request.status == S.SUBMITTED
    response = client.post(
        f"/replikasi/{request.pk}/langkah/decline/", {"decline-note": "Belum siap dibagikan."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.DECLINED and request.decline_reason == "Belum siap dibagikan."


def test_a_second_click_gets_the_message_and_the_current_state(net, client_for):
    request = net.request_in(S.SUBMITTED)
    first = client_for(net.origin_admin, net.origin)
    assert first.post(f"/replikasi/{request.pk}/langkah/accept/", {}).status_code == 302
    # The same page, still showing "Terima", is submitted again.
    second = first.post(f"/replikasi/{request.pk}/langkah/accept/", {}, follow=True)
    assert second.status_code == 200
    assert any("Muat ulang halaman" in message for message in _messages(second))
    assert second.context["replication"].status == S.ACCEPTED
    assert "accept" not in {f.transition.name for f in second.context["forms"]}


def test_the_whole_cooperation_through_the_pages(net, client_for):
    request = net.request_in(S.SUBMITTED)
    origin = client_for(net.origin_admin, net.origin)
    requester = client_for(net.requester_admin, net.requester)
    step = f"/replikasi/{request.pk}/langkah/"
    day = visit_day().isoformat()
    assert origin.post(step + "accept/", {"accept-note": "Silakan"}).status_code == 302
    assert (
        requester.post(step + "schedule_visit/", {"schedule_visit-visit_date": day}).status_code
        == 302
    )
    visit = origin.post(
        step + "complete_visit/",
        {
            "complete_visit-visit_date": day,
            "complete_visit-visit_participants": "Bappeda, Dinkes",
            "complete_visit-visit_minutes": pdf("notulen.pdf"),
            "complete_visit-visit_photo": [png("a.png"), png("b.png")],
        },
    )
    assert visit.status_code == 302, visit.context and visit.context["forms"][0].errors
    request.refresh_from_db()
    assert sorted(request.documents.values_list("kind", flat=True)) == [
        "letter_of_interest",
        "visit_minutes",
        "visit_photo",
        "visit_photo",
    ]
    # The origin recorded the visit: the requester sees it waiting for its confirmation, with
    # the documents, and confirms it.
    waiting = requester.get(f"/replikasi/{request.pk}/")
    assert {f.transition.name for f in waiting.context["forms"]} == {
        "confirm_visit",
        "return_visit",
        "cancel",
    }
    assert "notulen.pdf" in waiting.content.decode()
    recorder = origin.get(f"/replikasi/{request.pk}/")
    assert recorder.context["waiting_for_other"] and not recorder.context["forms"]
    assert requester.post(step + "confirm_visit/", {}).status_code == 302
    agreement = requester.post(
        step + "record_agreement/",
        {
            "record_agreement-agreement_kind": "mou",
            "record_agreement-agreement_number": "MoU/1/2026",
            "record_agreement-agreement_signed_on": day,
            "record_agreement-agreement": pdf("mou.pdf"),
        },
    )
    assert agreement.status_code == 302
    recorded = origin.get(f"/replikasi/{request.pk}/")
    assert "confirm_agreement" in {f.transition.name for f in recorded.context["forms"]}
    assert "setelah kesepakatan dikonfirmasi" in recorded.content.decode()
    assert origin.post(step + "confirm_agreement/", {}).status_code == 302
    page = requester.get(f"/replikasi/{request.pk}/")
    assert f"Dihitung pada laporan {visit_day().year}" in page.content.decode()
    start = next(f for f in page.context["forms"] if f.transition.name == "start_implementation")
    choices = dict(start.fields["opd_id"].choices)
    assert choices[net.opd_requester.pk] == "Dinas Kesehatan Tanah Bumbu"
    assert (
        requester.post(
            step + "start_implementation/",
            {"start_implementation-opd_id": str(net.opd_requester.pk)},
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == S.IMPLEMENTATION
    page = requester.get(f"/replikasi/{request.pk}/").content.decode()
    assert reverse("innovations:detail", args=[request.replica_innovation_id]) in page
    assert requester.post(step + "confirm/", {}).status_code == 302
    waiting = requester.get(f"/replikasi/{request.pk}/")
    assert waiting.context["waiting_for_other"]
    assert origin.post(step + "confirm/", {}).status_code == 302
    request.refresh_from_db()
    assert request.status == S.COMPLETED
    timeline = origin.get(f"/replikasi/{request.pk}/")
    assert len(timeline.context["events"]) == 10
    assert "MoU/1/2026" in timeline.content.decode()


def test_an_unknown_step_is_404(net, client_for):
    request = net.request_in(S.SUBMITTED)
    client = client_for(net.origin_admin, net.origin)
    assert client.post(f"/replikasi/{request.pk}/langkah/terbang/", {}).status_code == 404
    assert client.get(f"/replikasi/{request.pk}/langkah/accept/").status_code == 405


# The innovation page: publishing (region admins) and lineage (everyone).


def test_publishing_from_the_innovation_page(net, personas, client_for):
    innovation = verified_innovation(net.origin, net.origin_admin, net.opd_origin)
    client = client_for(net.origin_admin, net.origin)
    page = client.get(f"/inovasi/{innovation.pk}/")
    assert page.context["publication_panel"].is_verified
    assert "Publikasikan ke katalog" in page.content.decode()
    response = client.post(
        f"/publikasi/{innovation.pk}/terbitkan/",
        {"contact_name": "Siti", "contact_email": "siti@banjar.test", "notes": "Butuh 2 SDM"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#publikasi")
    # The panel loads its catalog link from the catalog (htmx): pending until the entry exists.
    link_url = reverse("catalog:publication-link", args=[innovation.pk])
    assert f'hx-get="{link_url}"' in client.get(f"/inovasi/{innovation.pk}/").content.decode()
    assert 'id="publication-pending"' in client.get(link_url).content.decode()
    apply_effects()  # what the worker does seconds after the commit
    entry = CatalogEntry.objects.get(region=net.origin, innovation_id=innovation.pk)
    assert entry.contact_name == "Siti"
    link = client.get(link_url).content.decode()
    assert reverse("catalog:detail", args=[entry.public_id]) in link
    assert client_for(personas.operator_a, net.origin).get(link_url).status_code == 403
    # Contact edit, bad e-mail refused with a message.
    bad = client.post(
        f"/publikasi/{innovation.pk}/terbitkan/", {"contact_email": "bukan-email"}, follow=True
    )
    assert any("E-mail" in message for message in _messages(bad))
    client.post(f"/publikasi/{innovation.pk}/terbitkan/", {"contact_name": "Budi"})
    apply_effects()
    entry.refresh_from_db()
    assert entry.contact_name == "Budi"
    # Documents.
    client.post(
        f"/publikasi/{innovation.pk}/dokumen/",
        {"kind": "sop", "title": "SOP layanan", "file": pdf("sop.pdf")},
    )
    with tenant_context(net.origin):
        document = Publication.objects.get(innovation=innovation).documents.get()
    apply_effects()
    assert entry.documents.get().title == "SOP layanan"
    download = client.get(f"/publikasi/{innovation.pk}/dokumen/{document.pk}/")
    assert download.status_code == 200
    client.post(f"/publikasi/{innovation.pk}/dokumen/{document.pk}/hapus/")
    apply_effects()
    assert not entry.documents.exists()
    # Unpublishing needs the confirmation.
    client.post(f"/publikasi/{innovation.pk}/tarik/", {})
    assert CatalogEntry.objects.filter(pk=entry.pk).exists()
    client.post(f"/publikasi/{innovation.pk}/tarik/", {"confirm": "yes"})
    apply_effects()
    assert not CatalogEntry.objects.filter(pk=entry.pk).exists()


def test_an_unverified_innovation_explains_why_it_cannot_be_published(net, client_for):
    innovation = make_innovation(net.origin, net.origin_admin, net.opd_origin)
    client = client_for(net.origin_admin, net.origin)
    page = client.get(f"/inovasi/{innovation.pk}/").content.decode()
    assert 'id="publication-not-verified"' in page
    response = client.post(f"/publikasi/{innovation.pk}/terbitkan/", {}, follow=True)
    assert any("sudah diverifikasi" in message for message in _messages(response))
    assert not CatalogEntry.objects.exists()


def test_only_region_admins_publish(net, personas, client_for):
    innovation = verified_innovation(net.origin, net.origin_admin, net.opd_origin)
    operator = client_for(personas.operator_a, net.origin)
    page = operator.get(f"/inovasi/{innovation.pk}/").content.decode()
    assert 'id="publikasi"' not in page
    assert operator.post(f"/publikasi/{innovation.pk}/terbitkan/", {}).status_code == 403
    assert client_for(net.requester_admin, net.requester).post(
        f"/publikasi/{innovation.pk}/terbitkan/", {}
    ).status_code in (403, 404)
    assert not CatalogEntry.objects.exists()


def test_lineage_on_both_innovation_pages(net, personas, client_for):
    entry = net.entry()
    request = net.request_in(S.IMPLEMENTATION, entry=entry)
    verifier = client_for(personas.verifier_a, net.origin)
    lineage_url = reverse("requests:lineage", args=[entry.innovation_id])
    # The innovation page loads its lineage from the replication side (htmx).
    page = verifier.get(f"/inovasi/{entry.innovation_id}/").content.decode()
    assert f'hx-get="{lineage_url}"' in page
    origin_page = verifier.get(lineage_url)
    replicas = origin_page.context["lineage"].replicas
    assert [(r.region_name, r.status) for r in replicas] == [
        (net.requester.display_name, S.IMPLEMENTATION)
    ]
    assert 'id="lineage-replicas"' in origin_page.content.decode()
    replica_page = client_for(net.requester_admin, net.requester).get(
        reverse("requests:lineage", args=[request.replica_innovation_id])
    )
    html = replica_page.content.decode()
    assert "Replika dari" in html and net.origin.display_name in html
    assert reverse("catalog:detail", args=[entry.public_id]) in html
