"""Every assessment year has its predicate bands, with their source, and a result's predicate
comes from its own year."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from rubric.bands import all_labels, bands_for, known_years

RUBRIC_DATA = Path(__file__).resolve().parents[2] / "platform" / "rubric" / "data"


def test_every_year_since_the_first_assessment_has_bands_and_says_where_they_come_from():
    assert known_years() == list(range(2018, 2027))
    for year in known_years():
        bands = bands_for(year)
        assert bands.source, year
        assert [band.code for band in bands.bands] == [
            "sangat-inovatif",
            "inovatif",
            "kurang-inovatif",
            "tidak-dapat-dinilai",
        ], year
        assert bands.bands[-1].min_index == 0
    assert bands_for(2023).uncertain == ""  # published (S1)
    assert bands_for(2019).uncertain  # assumed, and it says so


@pytest.mark.parametrize("path", sorted(RUBRIC_DATA.glob("iid-*.yaml")))
def test_a_year_with_a_full_rubric_has_the_same_bands_in_both_places(path):
    rubric = yaml.safe_load(path.read_text(encoding="utf-8"))
    year = rubric["year"]
    expected = [
        (band["code"], band["label"], Decimal(str(band["min"])))
        for band in rubric["predicates"]["bands"]
    ]
    found = [(band.code, band.label, band.min_index) for band in bands_for(year).bands]
    assert found == expected


@pytest.mark.parametrize(
    ("year", "index", "label"),
    [
        (2021, "30.00", "Inovatif"),
        (2021, "29.99", "Kurang Inovatif"),
        (2021, "0", "Disclaimer"),
        (2023, "35.00", "Inovatif"),
        (2023, "34.99", "Kurang Inovatif"),
        (2023, "60.00", "Inovatif"),
        (2023, "60.01", "Sangat Inovatif"),
        (2023, "0.01", "Kurang Inovatif"),
        (2023, "0", "Tidak Dapat Dinilai"),
        (2025, "65.00", "Inovatif"),
        (2025, "65.01", "Sangat Inovatif"),
        (2026, "40.00", "Kurang Inovatif"),
    ],
)
def test_boundaries_of_each_year(year, index, label):
    assert bands_for(year).band_for(Decimal(index)).label == label


def test_a_year_outside_the_data_takes_the_nearest_and_says_so():
    later = bands_for(2031)
    assert later.bands == bands_for(2026).bands
    assert "2026" in later.uncertain
    assert all_labels()["tidak-dapat-dinilai"] == "Tidak Dapat Dinilai"
