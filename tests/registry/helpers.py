"""Building innovations, answers and evidence for tests through the real services."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

# The smallest well-formed files of each kind the rubric accepts.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64

DESIGN_300 = " ".join(["Rancang bangun inovasi pelayanan kesehatan ibu dan anak."] * 40)


def pdf(name: str = "sk-inovasi.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def profile(opd, **overrides) -> dict:
    data = {
        "name": "SEPEDA BARU",
        "opd": opd,
        "stage": "implementation",
        "initiator": "opd",
        "is_digital": True,
        "form": "public_service",
        "affair": "kesehatan",
        "implemented_on": __import__("datetime").date(2025, 3, 1),
        "design": DESIGN_300,
        "goals": "Menurunkan angka kematian ibu.",
        "benefits": "Ibu hamil terpantau.",
        "results": "Kunjungan meningkat.",
    }
    return data | overrides


def make_innovation(region, actor, opd, **overrides):
    from tenants.innovations.services import innovation_create

    return innovation_create(region=region, actor=actor, data=profile(opd, **overrides))


def current_report(region, innovation):
    from rubric.years import current_year

    with tenant_context(region):
        return innovation.reports.get(year=current_year())


def answer_with_pdf(region, actor, report, code: str, level: int, basis: str = ""):
    from tenants.assessment.services import answer_set, evidence_add_file

    answer = answer_set(
        region=region,
        actor=actor,
        year=report.year,
        report=report,
        indicator_code=code,
        level=level,
        basis=basis,
    )
    evidence_add_file(region=region, actor=actor, answer=answer, upload=pdf())
    return answer


__all__ = ["EXE_BYTES", "io"]


def answer_mandatory(region, report, level: int = 1) -> None:
    """Answer every mandatory (wajib) SID indicator of the report's year that is still open, as
    the OPD must before a verifier may verify it. Written directly (the report may already be
    submitted): the tests that use it are about what happens after."""
    from django_tenants.utils import tenant_context

    from rubric.models import Part
    from rubric.selectors import year_rubric
    from tenants.assessment.models import Answer

    rubric = year_rubric(report.year)
    with tenant_context(region):
        for code, indicator in rubric.indicators.items():
            if indicator.part != Part.SID or not indicator.mandatory:
                continue
            if Answer.objects.filter(
                report=report, indicator_code=code, level__isnull=False
            ).exists():
                continue
            bases = rubric.bases(code)
            Answer.objects.update_or_create(
                report=report,
                indicator_code=code,
                defaults={"year": report.year, "level": level, "basis": bases[0] if bases else ""},
            )
