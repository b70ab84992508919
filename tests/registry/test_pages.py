"""The registry pages as their users meet them: the profile form, the innovation page with its
indicators and evidence, and who may open what."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenants.innovations.models import Innovation
from tests.conftest import make_member, make_opd
from tests.registry.helpers import (
    DESIGN_300,
    answer_with_pdf,
    current_report,
    make_innovation,
    pdf,
)


def _form_data(opd, **overrides):
    data = {
        "name": "BAGINDA MADINA",
        "opd": opd.pk,
        "stage": "implementation",
        "initiator": "regional_head",
        "is_digital": "1",
        "form": "public_service",
        "affair": "kependudukan-pencatatan-sipil",
        "implemented_on": "2025-02-01",
        "design": DESIGN_300,
        "goals": "Tujuan",
        "benefits": "Manfaat",
        "results": "Hasil",
    }
    return data | overrides


def test_an_operator_creates_an_innovation_from_the_form(personas, region_a, client_for):
    client = client_for(personas.operator_a, region_a)
    from rubric.models import GovernmentAffair

    affair = GovernmentAffair.objects.filter(basic_service=False).first().code
    response = client.post("/inovasi/baru/", _form_data(personas.opd_a, affair=affair))
    assert response.status_code == 302
    with tenant_context(region_a):
        innovation = Innovation.objects.get(name="BAGINDA MADINA")
        assert innovation.reports.count() == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "BAGINDA MADINA" in page.content.decode()


def test_form_errors_stand_next_to_their_field_and_keep_the_input(personas, region_a, client_for):
    client = client_for(personas.operator_a, region_a)
    response = client.post(
        "/inovasi/baru/",
        _form_data(
            personas.opd_a,
            affair="kesehatan",
            trial_started_on="2025-05-01",
            implemented_on="2025-01-01",
            goals="Tujuan yang sudah saya ketik panjang",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-implemented_on"' in html
    assert "Waktu penerapan tidak boleh sebelum waktu uji coba." in html
    assert "Tujuan yang sudah saya ketik panjang" in html
    with tenant_context(region_a):
        assert not Innovation.objects.exists()


def test_an_operator_may_not_create_for_another_opd(personas, region_a, client_for):
    other = make_opd(region_a, "Dinas Pendidikan")
    client = client_for(personas.operator_a, region_a)
    response = client.post("/inovasi/baru/", _form_data(other, affair="pendidikan"))
    assert response.status_code == 200  # the OPD is not among the choices
    assert 'id="error-opd"' in response.content.decode()
    with tenant_context(region_a):
        assert not Innovation.objects.exists()


def test_an_operator_never_sees_another_opds_innovation(personas, region_a, client_for):
    other = make_opd(region_a, "Dinas Pendidikan")
    admin = personas.admin_a
    foreign = make_innovation(
        region_a, admin, other, name="Sekolah Ramah Anak", affair="pendidikan"
    )
    report = current_report(region_a, foreign)
    answer = answer_with_pdf(region_a, admin, report, "SID-16", 2)
    with tenant_context(region_a):
        evidence = answer.evidence.get()
    client = client_for(personas.operator_a, region_a)
    assert client.get(f"/inovasi/{foreign.pk}/").status_code == 404
    assert client.get(f"/inovasi/{foreign.pk}/cetak/").status_code == 404
    assert client.post(f"/inovasi/{foreign.pk}/status/submit/").status_code == 404
    assert client.get(f"/penilaian/bukti/{evidence.pk}/").status_code == 404
    listing = client.get("/inovasi/").content.decode()
    assert "Sekolah Ramah Anak" not in listing
    # The verifier of the region sees it.
    assert (
        client_for(personas.verifier_a, region_a).get(f"/inovasi/{foreign.pk}/").status_code == 200
    )


def test_a_file_of_region_a_is_not_served_in_region_b(personas, region_a, region_b, client_for):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    answer = answer_with_pdf(
        region_a, personas.operator_a, current_report(region_a, innovation), "SID-16", 3
    )
    with tenant_context(region_a):
        evidence = answer.evidence.get()
    own = client_for(personas.operator_a, region_a).get(f"/penilaian/bukti/{evidence.pk}/")
    assert own.status_code == 200
    assert b"".join(own.streaming_content).startswith(b"%PDF")
    # Region B's admin, on region B's host, asks for the same id: it is not theirs.
    assert (
        client_for(personas.admin_b, region_b).get(f"/penilaian/bukti/{evidence.pk}/").status_code
        == 404
    )
    # On region A's host, region B's admin is no member: refused.
    assert client_for(personas.admin_b, region_a).get(
        f"/penilaian/bukti/{evidence.pk}/"
    ).status_code in (403, 404)
    # The stored path names region A's schema, not a guessable public URL.
    assert evidence.file.name.startswith(f"{region_a.schema_name}/")


def test_the_innovation_page_answers_and_uploads_through_htmx(personas, region_a, client_for):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    report = current_report(region_a, innovation)
    client = client_for(personas.operator_a, region_a)
    row = client.post(
        "/penilaian/jawaban/",
        {"report_id": report.pk, "indicator_code": "SID-17", "level": "2"},
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200
    assert 'id="SID-17"' in row.content.decode()
    with tenant_context(region_a):
        answer = report.answers.get(indicator_code="SID-17")
    uploaded = client.post(
        f"/penilaian/jawaban/{answer.pk}/bukti/",
        {"file": pdf("sk-tim.pdf")},
        HTTP_HX_REQUEST="true",
    )
    assert "sk-tim.pdf" in uploaded.content.decode()
    refused = client.post(
        f"/penilaian/jawaban/{answer.pk}/bukti/",
        {
            "file": __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
                "laporan.pdf", b"MZ\x90\x00" + b"\x00" * 100
            )
        },
        HTTP_HX_REQUEST="true",
    )
    assert "bukan PDF seperti namanya" in refused.content.decode()
    with tenant_context(region_a):
        assert answer.evidence.count() == 1


def test_a_refused_region_answer_comes_back_as_its_row_through_htmx(personas, region_a, client_for):
    from rubric.years import current_year

    client = client_for(personas.admin_a, region_a)
    year = current_year()
    # A level the indicator does not have: the SPD row comes back with the reason, not a 500.
    row = client.post(
        "/penilaian/jawaban/",
        {"year": year, "indicator_code": "SPD-01", "level": "7"},
        HTTP_HX_REQUEST="true",
    )
    assert row.status_code == 200
    assert 'id="SPD-01"' in row.content.decode()
    # An indicator the year's rubric does not have is not found, with or without htmx.
    for htmx in ({"HTTP_HX_REQUEST": "true"}, {}):
        unknown = client.post(
            "/penilaian/jawaban/", {"year": year, "indicator_code": "SPD-99", "level": "1"}, **htmx
        )
        assert unknown.status_code in (302, 404), unknown.status_code


@pytest.mark.parametrize(
    ("persona", "path", "expected"),
    [
        ("admin_a", "/inovasi/", 200),
        ("verifier_a", "/inovasi/", 200),
        ("operator_a", "/inovasi/", 200),
        ("leader_a", "/inovasi/", 200),
        ("admin_b", "/inovasi/", 403),
        ("outsider", "/inovasi/", 403),
        ("admin_a", "/inovasi/baru/", 200),
        ("operator_a", "/inovasi/baru/", 200),
        ("verifier_a", "/inovasi/baru/", 403),
        ("leader_a", "/inovasi/baru/", 403),
        ("admin_a", "/penilaian/spd/", 200),
        ("leader_a", "/penilaian/spd/", 200),
        ("admin_b", "/penilaian/spd/", 403),
    ],
)
def test_who_may_open_which_page(personas, region_a, client_for, persona, path, expected):
    response = client_for(getattr(personas, persona), region_a).get(path)
    assert response.status_code == expected


def test_the_list_page_query_count_does_not_grow(personas, region_a, client_for):
    client = client_for(personas.admin_a, region_a)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/inovasi/").status_code == 200
        return len(queries)

    for number in range(3):
        make_innovation(region_a, personas.admin_a, personas.opd_a, name=f"Inovasi {number}")
    count_queries()  # the first request also settles once-only things (schema state, session)
    few = count_queries()
    for number in range(3, 20):
        innovation = make_innovation(
            region_a, personas.admin_a, personas.opd_a, name=f"Inovasi {number}"
        )
        answer_with_pdf(
            region_a, personas.admin_a, current_report(region_a, innovation), "SID-16", 1
        )
    assert count_queries() == few


def test_leaders_read_but_do_not_edit(personas, region_a, client_for):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    leader = client_for(personas.leader_a, region_a)
    page = leader.get(f"/inovasi/{innovation.pk}/").content.decode()
    assert "Ubah profil" not in page
    assert leader.get(f"/inovasi/{innovation.pk}/ubah/").status_code == 403


def test_an_operator_of_another_region_cannot_post_answers_here(
    personas, region_a, region_b, client_for
):
    innovation = make_innovation(region_a, personas.operator_a, personas.opd_a)
    report = current_report(region_a, innovation)
    operator_b = make_member(
        region_b, "opd_operator", "op@tanahbumbu.test", opd_id=personas.opd_a.pk
    )
    response = client_for(operator_b, region_a).post(
        "/penilaian/jawaban/", {"report_id": report.pk, "indicator_code": "SID-16", "level": "3"}
    )
    assert response.status_code in (403, 404)
    with tenant_context(region_a):
        assert not report.answers.exists()
