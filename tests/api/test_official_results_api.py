"""The official results desk over the API (issue #20): platform operators upload published IID
results on the public site, read the preview, confirm once or discard, through the same import
engine and the same policy (MANAGE_PLATFORM) as the desk's pages; nobody else gets in."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from imports.models import ImportKind, ImportRun
from rankings.models import OfficialResult

pytestmark = pytest.mark.django_db

IMPORTS = "/api/v1/imports/official-results/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def csv(content: bytes, name: str = "hasil.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "text/csv")


def upload(client, content: bytes, **fields):
    body = {"file": csv(content), "source": "Kepmendagri IGA 2023", **fields}
    return client.post(IMPORTS, body, format="multipart")


def test_an_operator_previews_then_confirms_once_and_reads_the_results(personas, api_for):
    operator = api_for(personas.platform_admin, None, token=True)
    created = upload(operator, b"kode;indeks;predikat\n63.03;67,45;\n99.99;50;\n", year=2023)
    assert created.status_code == 201, created.content
    run = created.json()
    assert run["kind"] == ImportKind.OFFICIAL_RESULTS and run["status"] == "previewed"
    actions = sorted(row["action"] for row in run["preview"]["rows"])
    assert actions == ["create", "reject"]
    assert OfficialResult.objects.count() == 0  # a preview writes nothing

    address = f"{IMPORTS}{run['id']}/"
    assert operator.get(address).json()["status"] == "previewed"
    applied = operator.post(f"{address}confirm/")
    assert applied.status_code == 200, applied.content
    assert applied.json()["status"] == "applied"
    assert applied.json()["result"] | {"errors": None} == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "years": [2023],
        "demo_removed": 0,
        "failed": False,
        "errors": None,
    }
    again = operator.post(f"{address}confirm/")
    assert again.status_code == 200 and again.json()["status"] == "applied"
    result = OfficialResult.objects.get()
    assert (result.region.code, result.year, result.index) == ("63.03", 2023, Decimal("67.45"))
    assert result.source == "Kepmendagri IGA 2023"
    assert result.imported_by == personas.platform_admin

    years = operator.get("/api/v1/official-results/").json()
    assert years[0]["year"] == 2023 and years[0]["regions"] == 1
    assert years[0]["predicates"] == [{"label": "Sangat Inovatif", "regions": 1}]
    listed = operator.get("/api/v1/official-results/2023/").json()["results"]
    assert [(row["region"], row["index"], row["source"]) for row in listed] == [
        ("63.03", "67.45", "Kepmendagri IGA 2023")
    ]
    elsewhere = operator.get(
        "/api/v1/official-results/2023/", {"province": "provinsi-sumatera-utara"}
    )
    assert elsewhere.json()["results"] == []
    unknown = operator.get("/api/v1/official-results/2023/", {"province": "atlantis"})
    assert unknown.status_code == 404


def test_a_discarded_run_is_never_applied_and_an_unreadable_file_keeps_nothing(personas, api_for):
    operator = api_for(personas.platform_admin, None, token=True)
    unreadable = upload(operator, b"tahun,predikat\n2023,Inovatif\n")
    assert unreadable.status_code == 400 and unreadable.json()["error"]["fields"]["file"]
    assert ImportRun.objects.count() == 0
    no_source = operator.post(
        IMPORTS, {"file": csv(b"kode,tahun,indeks\n63.03,2023,50\n")}, format="multipart"
    )
    assert no_source.status_code == 400 and "source" in no_source.json()["error"]["fields"]

    run = upload(operator, b"kode,tahun,indeks\n63.03,2023,50\n").json()
    address = f"{IMPORTS}{run['id']}/"
    assert operator.delete(address).status_code == 204
    assert operator.post(f"{address}confirm/").status_code == 404
    assert OfficialResult.objects.count() == 0


def test_the_template_downloads_and_imports_as_it_is(personas, api_for):
    operator = api_for(personas.platform_admin, None, token=True)
    template = operator.get("/api/v1/official-results/template/")
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = SimpleUploadedFile("templat.xlsx", template.content, "application/octet-stream")
    run = operator.post(IMPORTS, {"file": sheet, "source": "Contoh"}, format="multipart")
    assert run.status_code == 201 and run.json()["status"] == "previewed"


@pytest.mark.parametrize(
    "persona", ["anonymous", "admin_a", "admin_b", "operator_a", "province_viewer", "outsider"]
)
def test_nobody_but_a_platform_operator_reaches_the_desk_or_changes_anything(
    personas, api_for, persona
):
    operator = api_for(personas.platform_admin, None, token=True)
    run = upload(operator, b"kode,tahun,indeks\n63.03,2023,50\n").json()
    address = f"{IMPORTS}{run['id']}/"
    user = None if persona == "anonymous" else getattr(personas, persona)
    # By token (no CSRF in the way), so a refusal here is the policy's, not the browser's.
    client = api_for(user, None, token=user is not None)
    for url in ("/api/v1/official-results/", "/api/v1/official-results/2023/", address):
        assert client.get(url).status_code in (401, 403), url
    assert client.get("/api/v1/official-results/template/").status_code in (401, 403)
    refused = upload(client, b"kode,tahun,indeks\n63.10,2023,50\n")
    assert refused.status_code in (401, 403)
    assert client.post(f"{address}confirm/").status_code in (401, 403)
    assert client.delete(address).status_code in (401, 403)
    assert ImportRun.objects.count() == 1  # only the operator's own
    assert OfficialResult.objects.count() == 0
    # The operator's run is still there to confirm: nobody discarded it.
    assert operator.post(f"{address}confirm/").json()["status"] == "applied"


def test_a_run_is_its_authors_own_even_among_operators(personas, api_for):
    from tests.conftest import make_user

    author = api_for(personas.platform_admin, None, token=True)
    run = upload(author, b"kode,tahun,indeks\n63.03,2023,50\n").json()
    colleague_user = make_user("operator-kedua@lumbung.test", superuser=True)
    colleague = api_for(colleague_user, None, token=True)
    assert colleague.get(f"{IMPORTS}{run['id']}/").status_code == 404
    assert colleague.post(f"{IMPORTS}{run['id']}/confirm/").status_code == 404
    assert OfficialResult.objects.count() == 0
