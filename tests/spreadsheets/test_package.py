"""The submission package: one ZIP with the spreadsheet and the evidence files, per innovation and
indicator."""

from __future__ import annotations

import csv
import io
import zipfile

from django.utils.text import slugify
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from rubric.selectors import year_rubric
from tenants.assessment.models import Answer
from tenants.assessment.services import (
    answer_set,
    evidence_add_file,
    evidence_add_url,
    evidence_review,
)
from tenants.assessment.workflow import fire
from tests.conftest import make_opd
from tests.registry.helpers import (
    PDF_BYTES,
    PNG_BYTES,
    answer_with_pdf,
    current_report,
    make_innovation,
    pdf,
    png,
)


def folder(year: int, code: str) -> str:
    return f"{code}-{slugify(year_rubric(year).indicators[code].name)}"


def download(client, year: int) -> zipfile.ZipFile:
    response = client.get(f"/impor-ekspor/paket/?year={year}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"paket-unggah-banjar-{year}.zip" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_package_holds_the_spreadsheet_and_every_evidence_file(personas, region_a, client_for):
    operator, admin = personas.operator_a, personas.admin_a
    first = make_innovation(region_a, operator, personas.opd_a, name="Sepeda Baru")
    second = make_innovation(region_a, operator, personas.opd_a, name="Ambulans Desa")
    report = current_report(region_a, first)
    year = report.year
    # Two files of the same name under one indicator, a photo, a link, and one to be rejected.
    answer = answer_with_pdf(region_a, operator, report, "SID-16", 3)
    evidence_add_file(region=region_a, actor=operator, answer=answer, upload=pdf())
    photo = answer_set(
        region=region_a, actor=operator, year=year, report=report, indicator_code="SID-26", level=1
    )
    evidence_add_file(region=region_a, actor=operator, answer=photo, upload=png("manual.png"))
    evidence_add_url(
        region=region_a, actor=operator, answer=photo, url="https://contoh.test/manual"
    )
    rejected = evidence_add_file(
        region=region_a, actor=operator, answer=photo, upload=pdf("salah.pdf")
    )
    fire("submit", region=region_a, actor=operator, report=report)
    evidence_review(
        region=region_a,
        actor=personas.verifier_a,
        evidence=rejected,
        status="rejected",
        note="Bukan manual.",
    )
    # The region's own indicator (SPD) evidence.
    spd = answer_set(region=region_a, actor=admin, year=year, indicator_code="SPD-01", level=2)
    evidence_add_file(region=region_a, actor=admin, answer=spd, upload=pdf("visi misi.pdf"))
    answer_with_pdf(region_a, operator, current_report(region_a, second), "SID-16", 1)

    package = download(client_for(admin, region_a), year)
    names = set(package.namelist())
    sid16, sid26 = folder(year, "SID-16"), folder(year, "SID-26")
    # Innovations are numbered as in the spreadsheet (ordered by name).
    expected = {
        f"inovasi-banjar-{year}.xlsx",
        "README.txt",
        "tautan.csv",
        "tautan.xlsx",
        f"01-ambulans-desa/{sid16}/sk-inovasi.pdf",
        f"02-sepeda-baru/{sid16}/sk-inovasi.pdf",
        f"02-sepeda-baru/{sid16}/sk-inovasi-2.pdf",
        f"02-sepeda-baru/{sid26}/manual.png",
        f"SPD/{folder(year, 'SPD-01')}/visi misi.pdf",
    }
    assert names == expected  # the rejected salah.pdf is left out
    assert package.read(f"02-sepeda-baru/{sid16}/sk-inovasi-2.pdf") == PDF_BYTES
    assert package.read(f"02-sepeda-baru/{sid26}/manual.png") == PNG_BYTES

    text = package.read("tautan.csv").decode("utf-8-sig")
    links = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [(link["Inovasi"], link["Kode indikator"], link["Tautan"]) for link in links] == [
        ("Sepeda Baru", "SID-26", "https://contoh.test/manual")
    ]
    sheet = load_workbook(io.BytesIO(package.read("tautan.xlsx"))).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        list(links[0]),
        list(links[0].values()),
    ]
    readme = package.read("README.txt").decode()
    assert str(year) in readme
    assert "Perkiraan indeks" in readme
    assert "ditolak tidak dimasukkan" in readme


def test_an_operator_package_holds_only_their_opd(personas, region_a, client_for):
    other = make_opd(region_a, "Dinas Pendidikan")
    own = make_innovation(region_a, personas.admin_a, personas.opd_a, name="Milik Dinkes")
    theirs = make_innovation(region_a, personas.admin_a, other, name="Milik Disdik")
    answer_with_pdf(region_a, personas.admin_a, current_report(region_a, own), "SID-16", 1)
    answer_with_pdf(region_a, personas.admin_a, current_report(region_a, theirs), "SID-16", 1)
    year = current_report(region_a, own).year
    spd = answer_set(
        region=region_a, actor=personas.admin_a, year=year, indicator_code="SPD-01", level=2
    )
    evidence_add_file(region=region_a, actor=personas.admin_a, answer=spd, upload=pdf())

    names = download(client_for(personas.operator_a, region_a), year).namelist()
    folders = {name.split("/")[0] for name in names if "/" in name}
    assert folders == {"01-milik-dinkes"}


def test_a_missing_stored_file_is_listed_not_fatal(personas, region_a, client_for):
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    answer = answer_with_pdf(
        region_a, personas.admin_a, current_report(region_a, innovation), "SID-16", 1
    )
    with tenant_context(region_a):
        stored = Answer.objects.get(pk=answer.pk).evidence.get()
        stored.file.storage.delete(stored.file.name)
    package = download(client_for(personas.admin_a, region_a), answer.year)
    assert not [name for name in package.namelist() if name.endswith(".pdf")]
    assert "tidak ditemukan" in package.read("README.txt").decode()
