"""Controlled values as officials write them: aliases kept as data (each with its reason) map the
short names, old names and spelling variants onto the allowed values, and an unknown value gets
"did you mean" with the closest allowed ones, in the user's language."""

from __future__ import annotations

import pytest
from django.utils import translation
from django_tenants.utils import tenant_context

from imports.vocabulary import DATA, term, vocabulary
from imports.vocabulary import shipped_aliases as aliases
from tenants.innovations.models import Form, Initiator, Innovation, Stage
from tenants.spreadsheets.importer import import_innovations
from tests.spreadsheets.helpers import row, upload


def test_terms_ignore_case_spacing_punctuation_and_accents():
    assert term("Uji-Coba") == term("uji  coba.") == term("UJI\u2013COBA") == "uji coba"
    assert term("Koperasi, Usaha Kecil, dan Menengah") == "koperasi usaha kecil dan menengah"
    assert term("Tata Kelola & Pemerintahan") == "tata kelola dan pemerintahan"


@pytest.mark.parametrize(
    ("name", "choices"), [("stage", Stage), ("initiator", Initiator), ("form", Form)]
)
def test_every_alias_of_a_choice_means_an_allowed_value_and_says_why(name, choices):
    found = aliases(name)
    assert found, f"no aliases for {name}"
    for alias in found:
        assert alias.means in choices.values, alias
        assert alias.reason, alias


def test_every_affair_alias_means_an_urusan_of_the_rubric(db):
    from rubric.models import GovernmentAffair

    codes = set(GovernmentAffair.objects.values_list("code", flat=True))
    for alias in aliases("affair"):
        assert alias.means in codes, alias
        assert alias.reason, alias
    assert {path.stem for path in DATA.glob("*.yaml")} >= {"stage", "form", "affair", "digital"}


def test_unknown_data_is_refused_when_loaded(db):
    with pytest.raises(ValueError, match="unknown"):
        vocabulary("stage", {"initiative": "Inisiatif"})  # its aliases mean values not offered


def test_a_sheet_as_regions_write_it_imports(personas, region_a):
    rows = [
        row(
            name="Jemput Bola Adminduk",
            stage="Ujicoba",
            initiator="Bupati",
            form="Pelayanan Publik",
            affair="Adminduk",
            is_digital="Online",
            trial_started_on="01/02/2024",
        ),
        row(
            name="Sistem Informasi Perencanaan",
            stage="Implementasi",
            initiator="Kepala OPD",
            form="Tata Kelola Pemerintahan",
            affair="Perencanaan Pembangunan",
            is_digital="Manual",
            other_affairs="Kominfo; Pendapatan Daerah",
        ),
        row(
            name="Lumbung Pangan Desa",
            stage="Inisiasi",
            initiator="Perangkat Daerah",
            form="Inovasi Daerah Lainnya",
            affair="Ketahanan Pangan",
        ),
    ]
    result = import_innovations(region=region_a, actor=personas.admin_a, file=upload(rows))
    assert result.ok, result.errors
    with tenant_context(region_a):
        saved = {
            innovation.name: innovation
            for innovation in Innovation.objects.filter(name__in=[r["Nama inovasi"] for r in rows])
        }
    first = saved["Jemput Bola Adminduk"]
    assert (first.stage, first.initiator, first.form, first.is_digital) == (
        "trial",
        "regional_head",
        "public_service",
        True,
    )
    assert first.affair == "administrasi-kependudukan-pencatatan-sipil"
    second = saved["Sistem Informasi Perencanaan"]
    assert (second.stage, second.initiator, second.form, second.affair) == (
        "implementation",
        "opd",
        "governance",
        "perencanaan",
    )
    assert second.other_affairs == ["komunikasi-informatika", "keuangan"]
    assert not second.is_digital
    third = saved["Lumbung Pangan Desa"]
    assert (third.stage, third.form, third.affair) == ("initiative", "other_affair", "pangan")


def affair_title() -> str:
    from tenants.spreadsheets.columns import COLUMN_BY_KEY

    return COLUMN_BY_KEY["affair"].title


def test_an_unknown_value_says_what_was_probably_meant(personas, region_a):
    result = import_innovations(
        region=region_a,
        actor=personas.admin_a,
        file=upload([row(stage="Penerapn", affair="Kesehtan")]),
    )
    messages = {error.column: error.message for error in result.errors}
    assert "Maksud Anda: Penerapan?" in messages["Tahapan"]
    assert "Maksud Anda: Kesehatan" in messages[affair_title()]
    with translation.override("en"):
        result = import_innovations(
            region=region_a, actor=personas.admin_a, file=upload([row(stage="Penerapn")])
        )
    assert "Did you mean: Penerapan?" in result.errors[0].message


def test_the_platform_admin_extends_a_vocabulary_and_imports_understand_it(
    personas, region_a, client_for
):
    from imports.models import VocabularyAlias

    client = client_for(personas.platform_admin, None)
    url = "/admin/imports/vocabularyalias/add/"
    # The value meant must be one the vocabulary allows; its label is accepted for its code.
    refused = client.post(
        url, {"vocabulary": "stage", "text": "Rintisan", "means": "Hampir", "reason": "x"}
    )
    assert refused.status_code == 200 and "Bukan nilai baku" in refused.content.decode()
    client.post(
        url,
        {"vocabulary": "stage", "text": "Rintisan", "means": "Inisiatif", "reason": "Karo's word"},
    )
    client.post(
        url,
        {
            "vocabulary": "opd",
            "text": "Dinas Kesehatan dan KB",
            "means": "kesehatan",
            "reason": "a merged office's name",
        },
    )
    added = {(a.vocabulary, a.text): a.means for a in VocabularyAlias.objects.all()}
    assert added == {
        ("stage", "Rintisan"): "initiative",
        ("opd", "Dinas Kesehatan dan KB"): "kesehatan",
    }
    assert VocabularyAlias.objects.get(text="Rintisan").added_by == personas.platform_admin

    result = import_innovations(
        region=region_a,
        actor=personas.admin_a,
        file=upload([row(name="Rintisan Baru", stage="Rintisan", opd="Dinas Kesehatan dan KB")]),
    )
    assert result.ok, result.errors
    with tenant_context(region_a):
        made = Innovation.objects.select_related("opd").get(name="Rintisan Baru")
    assert (made.stage, made.opd.name) == ("initiative", "Dinas Kesehatan")


def test_the_preview_speaks_english_too(personas, region_a, client_for, settings):
    client = client_for(personas.admin_a, region_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post("/impor-ekspor/", {"file": upload([row(stage="Penerapn")])})
    page = client.get(response["Location"]).content.decode()
    assert "Import preview" in page and "Rejected" in page
    # Row reasons are worded when the file is checked, in the language of that request.
    assert "Did you mean: Penerapan?" in page
