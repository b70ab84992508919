"""Evidence uploads are judged by their content, size-limited, and kept per region."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django_tenants.utils import tenant_context

from tenants.assessment.evidence_files import check_upload
from tenants.assessment.services import answer_set, evidence_add_file, evidence_add_url
from tests.registry.helpers import EXE_BYTES, PDF_BYTES, PNG_BYTES, current_report, make_innovation


def _answer(region, personas, code="SID-16"):
    innovation = make_innovation(region, personas.operator_a, personas.opd_a)
    report = current_report(region, innovation)
    return answer_set(
        region=region,
        actor=personas.operator_a,
        year=report.year,
        report=report,
        indicator_code=code,
        level=2,
    )


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("sk.pdf", PDF_BYTES, True),
        ("foto.PNG", PNG_BYTES, True),
        ("sk.pdf", EXE_BYTES, False),  # a renamed executable
        ("foto.png", PDF_BYTES, False),  # a PDF pretending to be a photo
        ("sk.exe", EXE_BYTES, False),
        ("catatan.txt", b"hanya teks", False),
        ("sk", PDF_BYTES, False),  # no extension
    ],
)
def test_uploads_are_judged_by_content(name, content, accepted):
    upload = SimpleUploadedFile(name, content)
    if accepted:
        assert check_upload(upload, ["pdf", "png"]).size == len(content)
    else:
        with pytest.raises(ValidationError):
            check_upload(upload, ["pdf", "png"])


def test_an_indicator_accepts_only_its_file_types(personas, region_a):
    answer = _answer(region_a, personas, "SID-16")  # regulation: PDF only
    with pytest.raises(ValidationError, match="PDF"):
        evidence_add_file(
            region=region_a,
            actor=personas.operator_a,
            answer=answer,
            upload=SimpleUploadedFile("sk.png", PNG_BYTES),
        )


@override_settings(EVIDENCE_MAX_BYTES=100)
def test_an_oversized_file_is_refused_and_nothing_is_stored(personas, region_a, settings):
    answer = _answer(region_a, personas)
    big = SimpleUploadedFile("sk.pdf", PDF_BYTES + b"%" * 200)
    with pytest.raises(ValidationError, match="terlalu besar"):
        evidence_add_file(region=region_a, actor=personas.operator_a, answer=answer, upload=big)
    with tenant_context(region_a):
        assert not answer.evidence.exists()
    folder = settings.MEDIA_ROOT / region_a.schema_name / "evidence"
    before = set(folder.iterdir()) if folder.exists() else set()
    assert all(path.stat().st_size < 1000 for path in before)


def test_a_failed_save_removes_the_stored_file(personas, region_a, settings, monkeypatch, tmp_path):
    from tenants.assessment import services

    settings.MEDIA_ROOT = tmp_path  # a folder of its own: other test runs may write alongside
    answer = _answer(region_a, personas)
    folder = settings.MEDIA_ROOT / region_a.schema_name / "evidence"
    before = set(folder.iterdir()) if folder.exists() else set()

    def broken(*args, **kwargs):
        raise RuntimeError("history store unavailable")

    monkeypatch.setattr(services, "_record_evidence", broken)
    with pytest.raises(RuntimeError):
        evidence_add_file(
            region=region_a,
            actor=personas.operator_a,
            answer=answer,
            upload=SimpleUploadedFile("sk.pdf", PDF_BYTES),
        )
    after = set(folder.iterdir()) if folder.exists() else set()
    assert after == before
    with tenant_context(region_a):
        assert not answer.evidence.exists()


def test_links_only_where_the_indicator_accepts_them(personas, region_a):
    regulation = _answer(region_a, personas, "SID-16")
    with pytest.raises(ValidationError):
        evidence_add_url(
            region=region_a, actor=personas.operator_a, answer=regulation, url="https://x.test/sk"
        )
    with tenant_context(region_a):
        report = regulation.report
    video = answer_set(
        region=region_a,
        actor=personas.operator_a,
        year=report.year,
        report=report,
        indicator_code="SID-35",
        level=3,
    )
    evidence = evidence_add_url(
        region=region_a,
        actor=personas.operator_a,
        answer=video,
        url="https://www.youtube.com/watch?v=abc",
    )
    assert evidence.url.startswith("https://")
    with pytest.raises(ValidationError):
        evidence_add_url(
            region=region_a, actor=personas.operator_a, answer=video, url="javascript:alert(1)"
        )
