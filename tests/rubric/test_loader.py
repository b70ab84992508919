"""The rubric data files (platform/rubric/data/), loaded by migration 0002 through rubric.loader,
and the copy of a year to a new assessment year (service and platform admin action)."""

from __future__ import annotations

import shutil
from collections import Counter
from decimal import Decimal as D

import pytest
import yaml
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from rubric.formula import FormulaParameters, compute_index
from rubric.loader import DATA_DIR, RubricDataError, sync_all
from rubric.models import (
    GovernmentAffair,
    Indicator,
    IndicatorOption,
    Part,
    PredicateBand,
    RubricYear,
)
from rubric.services import rubric_copy_year
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

YEARS = (2023, 2026)
BASIC_SERVICES = {
    "pendidikan",
    "kesehatan",
    "pekerjaan-umum-penataan-ruang",
    "perumahan-rakyat-kawasan-permukiman",
    "ketenteraman-ketertiban-umum-perlindungan-masyarakat",
    "sosial",
}
SID_WEIGHTS = [3, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 2, 3, 2, 3, 2, 4]
INDICATOR_FIELDS = (
    "code",
    "part",
    "number",
    "sub",
    "variable",
    "name",
    "description",
    "weight",
    "mandatory",
    "evidence",
    "file_types",
    "accepts_url",
    "source",
    "uncertain",
    "uncertain_note",
)
OPTION_FIELDS = ("basis", "basis_label", "basis_evidence", "level", "label", "score")


def rubric(year: int) -> RubricYear:
    return RubricYear.objects.get(year=year)


def snapshot() -> dict[str, list[dict]]:
    """Every row of the rubric tables, ids included."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (RubricYear, PredicateBand, Indicator, IndicatorOption, GovernmentAffair)
    }


def indicator_rows(rubric_year: RubricYear) -> list[tuple]:
    return [
        tuple(getattr(indicator, name) for name in INDICATOR_FIELDS)
        for indicator in rubric_year.indicators.order_by("code")
    ]


def option_rows(rubric_year: RubricYear) -> list[tuple]:
    return [
        (option.indicator.code, *(getattr(option, name) for name in OPTION_FIELDS))
        for option in IndicatorOption.objects.filter(indicator__rubric=rubric_year)
        .select_related("indicator")
        .order_by("indicator__code", "basis", "level")
    ]


def band_rows(rubric_year: RubricYear) -> list[tuple]:
    return list(rubric_year.bands.order_by("-min_index").values_list("code", "label", "min_index"))


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the data directory; edit(name, change) rewrites one file through `change`."""
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)

    def edit(name: str, change) -> None:
        path = tmp_path / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    edit.dir = tmp_path
    return edit


def indicator_in(data: dict, code: str) -> dict:
    return next(item for item in data["indicators"] if item["code"] == code)


# --- what the migration loaded -------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_each_year_has_20_spd_and_20_sid_indicators(year):
    rubric_year = rubric(year)
    assert rubric_year.loaded_from == f"iid-{year}.yaml"
    assert rubric_year.indicators.filter(part=Part.SPD).count() == 20
    assert rubric_year.indicators.filter(part=Part.SID).count() == 20
    sid_codes = list(
        rubric_year.indicators.filter(part=Part.SID)
        .order_by("number")
        .values_list("code", flat=True)
    )
    assert sid_codes == [f"SID-{number}" for number in range(16, 36)]
    spd = rubric_year.indicators.filter(part=Part.SPD)
    assert {(i.number, i.sub) for i in spd} >= {(1, ""), (2, "a"), (2, "b"), (11, "b"), (15, "")}
    assert spd.get(code="SPD-05a").weight == D("0.75")


@pytest.mark.parametrize("year", YEARS)
def test_maxima_are_three_times_the_weights(year):
    rubric_year = rubric(year)
    spd = rubric_year.indicators.filter(part=Part.SPD)
    sid = rubric_year.indicators.filter(part=Part.SID).order_by("number")
    assert sum(i.weight for i in spd) == 21
    assert sum(i.max_score for i in spd) == rubric_year.max_spd == 63
    assert [int(i.weight) for i in sid] == SID_WEIGHTS
    assert sum(i.max_score for i in sid) == rubric_year.max_sid == 111
    assert rubric_year.max_count == D("0.38") * 200 == rubric_year.count_score_per_innovation * 200
    assert rubric_year.max_spd + rubric_year.max_sid + rubric_year.max_count == 250
    assert rubric_year.max_total == 250


@pytest.mark.parametrize("year", YEARS)
def test_option_scores_are_weight_times_level(year):
    for indicator in rubric(year).indicators.prefetch_related("options"):
        options = list(indicator.options.all())
        by_basis: dict[str, list[int]] = {}
        for option in options:
            assert option.score == indicator.weight * option.level, (indicator.code, option)
            assert option.label
            by_basis.setdefault(option.basis, []).append(option.level)
        assert all(sorted(levels) == [1, 2, 3] for levels in by_basis.values()), indicator.code
        assert max(option.score for option in options) == indicator.max_score


def test_2026_kemanfaatan_has_six_bases_of_three_levels():
    kemanfaatan = rubric(2026).indicators.get(code="SID-33")
    assert kemanfaatan.mandatory and kemanfaatan.weight == 3
    options = list(kemanfaatan.options.all())
    assert len(options) == 18
    levels = Counter(option.basis for option in options)
    assert levels == {
        basis: 3
        for basis in (
            "jumlah-penerima",
            "cakupan-unit",
            "efisiensi-belanja",
            "penambahan-pendapatan",
            "jumlah-produk",
            "tren-kinerja",
        )
    }
    assert all(option.basis_label and option.basis_evidence for option in options)
    assert {o.score for o in options if o.basis == "tren-kinerja"} == {D(3), D(6), D(9)}
    # 2023 had a single basis (number of beneficiaries)
    single = rubric(2023).indicators.get(code="SID-33").options.all()
    assert [(o.basis, o.level, o.score) for o in single] == [("", 1, 3), ("", 2, 6), ("", 3, 9)]


def test_year_parameters_and_bands():
    r2023, r2026 = rubric(2023), rubric(2026)
    assert (r2023.sid_divisor_floor, r2023.basic_service_gate) == (10, None)
    assert (r2026.sid_divisor_floor, r2026.basic_service_gate) == (12, 5)
    assert band_rows(r2023) == [
        ("sangat-inovatif", "Sangat Inovatif", D("60.01")),
        ("inovatif", "Inovatif", D("35.00")),
        ("kurang-inovatif", "Kurang Inovatif", D("0.01")),
        ("tidak-dapat-dinilai", "Tidak Dapat Dinilai", D("0")),
    ]
    assert [row[2] for row in band_rows(r2026)] == [D("65.01"), D("40.01"), D("0.01"), D("0")]
    # The loaded parameters drive the formula: a perfect 2026 region scores 63 + 111 + 76 = 250.
    result = compute_index(
        FormulaParameters.of(r2026),
        spd_score=D("63"),
        innovation_scores=[D(111)] * 200,
        basic_services_covered=5,
    )
    assert result.total == 250 and result.predicate_code == "sangat-inovatif"
    # 10 innovations of 90 → SID 900 / MAX(12, 10) = 75.
    assert compute_index(
        FormulaParameters.of(r2026),
        spd_score=D("40"),
        innovation_scores=[D(90)] * 10,
        basic_services_covered=4,
    ).sid_score == D("75")


def test_mandatory_flags_2026():
    r2026 = rubric(2026)
    mandatory = set(r2026.indicators.filter(mandatory=True).values_list("code", flat=True))
    assert {code for code in mandatory if code.startswith("SID")} == {
        "SID-16",
        "SID-17",
        "SID-32",
        "SID-33",
        "SID-35",
    }
    assert {int(code[4:6]) for code in mandatory if code.startswith("SPD")} == {
        1,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        10,
        11,
    }


@pytest.mark.parametrize("year", YEARS)
def test_sources_file_types_and_links(year):
    rubric_year = rubric(year)
    for indicator in rubric_year.indicators.all():
        assert indicator.source in rubric_year.sources, indicator.code
        assert indicator.file_types, indicator.code
        assert all(ext == ext.lower() and "." not in ext for ext in indicator.file_types)
        assert indicator.evidence, indicator.code
    video = rubric_year.indicators.get(code="SID-35")
    assert video.accepts_url and "mp4" in video.file_types
    assert rubric_year.formula_source in rubric_year.sources
    assert rubric_year.predicates_source in rubric_year.sources


def test_uncertain_flags_survive_loading():
    r2023, r2026 = rubric(2023), rubric(2026)
    for indicator in r2023.indicators.filter(part=Part.SPD):
        assert indicator.uncertain and "Tabel SPD 2023 tidak ditemukan" in indicator.uncertain_note
    for indicator in r2026.indicators.filter(part=Part.SPD):
        assert indicator.uncertain
        assert "Bukti dukung SPD tidak ditemukan di sumber resmi" in indicator.uncertain_note
    assert "tumpang tindih" in r2026.indicators.get(code="SPD-04").uncertain_note
    sosialisasi = r2026.indicators.get(code="SID-25")
    assert sosialisasi.uncertain and "S4" in sosialisasi.uncertain_note
    assert not r2026.indicators.get(code="SID-31").uncertain
    assert "count_score_per_innovation" in {entry["key"] for entry in r2023.uncertain}
    assert all(entry["note"] for entry in r2023.uncertain)


def test_38_government_affairs_six_of_them_basic_services():
    affairs = list(GovernmentAffair.objects.all())
    assert len(affairs) == 38
    assert [affair.order for affair in affairs] == list(range(38))
    assert {a.code for a in affairs if a.basic_service} == BASIC_SERVICES
    assert Counter(a.group for a in affairs) == {
        GovernmentAffair.Group.BASIC_SERVICE: 6,
        GovernmentAffair.Group.MANDATORY_OTHER: 18,
        GovernmentAffair.Group.OPTIONAL: 8,
        GovernmentAffair.Group.SUPPORT: 6,
    }
    assert all(a.basic_service == (a.group == "wajib_pelayanan_dasar") for a in affairs)
    assert affairs[0].code == "pendidikan" and affairs[-1].code == "fungsi-lain"


# --- syncing again -------------------------------------------------------------------------------


def test_loading_again_changes_nothing():
    before = snapshot()
    report = sync_all()
    sync_all()
    assert report.years_created == [] and report.years_updated == list(YEARS)
    assert report.affairs == 38
    assert snapshot() == before


def test_a_corrected_value_updates_in_place(data_copy):
    r2026 = rubric(2026)
    ids = dict(r2026.indicators.values_list("code", "pk"))
    option_ids = set(
        IndicatorOption.objects.filter(indicator__rubric=r2026).values_list("pk", flat=True)
    )
    r2023_before = (indicator_rows(rubric(2023)), option_rows(rubric(2023)))

    def correct(data):
        replication = indicator_in(data, "SID-31")
        replication["weight"] = 2.5
        replication["options"][1]["label"] = "Pernah 2 kali direplikasi (dikoreksi)"
        indicator_in(data, "SID-33")["option_sets"][0]["options"][2]["label"] = "≥ 600 orang"
        data["predicates"]["bands"][0]["min"] = 66

    data_copy("iid-2026.yaml", correct)
    report = sync_all(data_dir=data_copy.dir)

    assert report.years_updated == list(YEARS)
    r2026.refresh_from_db()
    assert dict(r2026.indicators.values_list("code", "pk")) == ids
    assert (
        set(IndicatorOption.objects.filter(indicator__rubric=r2026).values_list("pk", flat=True))
        == option_ids
    )
    replication = r2026.indicators.get(code="SID-31")
    assert replication.weight == D("2.5")
    assert [(o.level, o.score) for o in replication.options.all()] == [
        (1, D("2.5")),
        (2, D("5")),
        (3, D("7.5")),
    ]
    assert replication.options.get(level=2).label == "Pernah 2 kali direplikasi (dikoreksi)"
    kemanfaatan = r2026.indicators.get(code="SID-33")
    assert kemanfaatan.options.get(basis="jumlah-penerima", level=3).label == "≥ 600 orang"
    assert r2026.bands.get(code="sangat-inovatif").min_index == 66
    assert (indicator_rows(rubric(2023)), option_rows(rubric(2023))) == r2023_before


def missing_level(data):
    indicator_in(data, "SID-20")["options"].pop()


def missing_basis_level(data):
    indicator_in(data, "SID-33")["option_sets"][2]["options"].pop(0)


def unknown_source(data):
    indicator_in(data, "SID-20")["source"] = "S99"


def duplicate_code(data):
    indicator_in(data, "SID-21")["code"] = "SID-20"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (missing_level, "iid-2026.yaml: indicator SID-20: levels must be 1, 2, 3"),
        (
            missing_basis_level,
            "iid-2026.yaml: indicator SID-33: levels must be 1, 2, 3 (basis efisiensi-belanja",
        ),
        (unknown_source, "iid-2026.yaml: indicator SID-20: source 'S99' is not listed"),
        (duplicate_code, "iid-2026.yaml: indicator SID-20: duplicate code"),
    ],
)
def test_a_malformed_file_is_refused_and_nothing_is_written(data_copy, change, message):
    before = snapshot()

    def break_it(data):
        data["title"] = "Judul yang tidak boleh tersimpan"
        indicator_in(data, "SID-31")["weight"] = 1
        change(data)

    data_copy("iid-2026.yaml", break_it)
    with pytest.raises(RubricDataError) as excinfo:
        sync_all(data_dir=data_copy.dir)
    assert str(excinfo.value).startswith(message)
    assert snapshot() == before


# --- copying a year ------------------------------------------------------------------------------


def test_copy_year_copies_everything_and_the_copy_is_independent():
    source = rubric(2026)
    before = (indicator_rows(source), option_rows(source), band_rows(source))

    copy = rubric_copy_year(source=source, year=2027, actor=None)

    assert copy.year == 2027 and copy.copied_from == source and copy.loaded_from == ""
    assert (copy.sid_divisor_floor, copy.basic_service_gate, copy.max_total) == (12, 5, 250)
    assert copy.uncertain == source.uncertain and copy.sources == source.sources
    assert (indicator_rows(copy), option_rows(copy), band_rows(copy)) == before
    assert copy.indicators.count() == 40
    assert IndicatorOption.objects.filter(indicator__rubric=copy).count() == 39 * 3 + 18
    assert AuditEvent.objects.filter(
        event_type="rubric.copied", data={"from": 2026, "to": 2027}
    ).exists()

    replication = copy.indicators.get(code="SID-31")
    replication.weight = 1
    replication.save()
    replication.options.filter(level=3).update(label="diubah", score=3)
    copy.bands.filter(code="inovatif").update(min_index=D("45"))
    copy.indicators.filter(code="SPD-15").delete()
    copy.sid_divisor_floor = 14
    copy.save()

    source.refresh_from_db()
    assert source.sid_divisor_floor == 12
    assert (indicator_rows(source), option_rows(source), band_rows(source)) == before


def test_copy_year_refuses_an_existing_year():
    with pytest.raises(ValidationError) as excinfo:
        rubric_copy_year(source=rubric(2023), year=2026, actor=None)
    assert "year" in excinfo.value.message_dict
    assert RubricYear.objects.count() == 2


# --- the platform admin --------------------------------------------------------------------------

CHANGELIST = "/admin/rubric/rubricyear/"


@pytest.fixture
def admin_client(client_for):
    return client_for(make_user("operator@platform.test", superuser=True))


def copy_action(client, *rubric_years, **extra):
    return client.post(
        CHANGELIST,
        {
            "action": "copy_to_new_year",
            "_selected_action": [str(r.pk) for r in rubric_years],
            **extra,
        },
    )


def test_admin_lists_the_rubric_years_and_their_indicators(admin_client):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Indeks Inovasi Daerah 2023" in body and "Indeks Inovasi Daerah 2026" in body
    indicator = rubric(2026).indicators.get(code="SID-33")
    response = admin_client.get(f"/admin/rubric/indicator/{indicator.pk}/change/")
    assert response.status_code == 200
    assert "tren-kinerja" in response.content.decode()


def test_admin_copy_action_asks_for_the_year_then_copies(admin_client):
    source = rubric(2026)
    response = copy_action(admin_client, source)
    assert response.status_code == 200
    assert "rubric/admin/copy_year.html" in [t.name for t in response.templates]
    assert RubricYear.objects.count() == 2

    response = copy_action(admin_client, source, year="2027")
    copy = RubricYear.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/rubric/rubricyear/{copy.pk}/change/"
    assert copy.copied_from == source and copy.indicators.count() == 40
    event = AuditEvent.objects.get(event_type="rubric.copied")
    assert event.actor.email == "operator@platform.test"


def test_admin_copy_action_refuses_an_existing_year_and_several_rubrics(admin_client):
    response = copy_action(admin_client, rubric(2023), year="2026")
    assert response.status_code == 200
    assert response.context["form"].errors["year"]
    response = copy_action(admin_client, rubric(2023), rubric(2026), year="2027")
    assert response.status_code == 302
    assert RubricYear.objects.count() == 2
    assert not AuditEvent.objects.filter(event_type="rubric.copied").exists()


def test_admin_is_closed_to_region_users(personas, client_for):
    response = client_for(personas.admin_a).get(CHANGELIST)
    assert response.status_code == 302
    assert RubricYear.objects.count() == 2
