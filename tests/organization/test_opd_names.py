"""An OPD named as regions write it is found among the region's units; a new region starts with
the standard list of its kind."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.organization.models import OpdUnit
from tenants.organization.names import OpdMatcher, groups
from tenants.organization.services import opd_add_standard_units
from tenants.organization.standard_units import standard_units


def test_every_form_belongs_to_one_group_and_every_group_says_why():
    seen: dict[str, str] = {}
    from imports.vocabulary import term

    for group in groups():
        assert group.reason, group.id
        for form in group.forms:
            assert seen.setdefault(term(form), group.id) == group.id, form


@pytest.mark.parametrize(
    ("written", "short_name"),
    [
        ("Bappedalitbang", "Bappeda"),
        ("Bappelitbangda", "Bappeda"),
        ("BAPPEDA LITBANG", "Bappeda"),
        ("Dinas Kominfo", "Diskominfo"),
        ("Dukcapil", "Disdukcapil"),
        ("dinas kesehatan", "Dinkes"),
        ("Dinas Kesehatan Kabupaten Banjar", "Dinkes"),
        ("Dinas Kesehatan Kab. Banjar", "Dinkes"),
        ("DINKES BANJAR", "Dinkes"),
        ("Dinas PUPR", "PUPR"),
        ("Puskesmas", "Puskesmas"),
    ],
)
def test_common_forms_of_an_opd_name_are_matched(region_a, written, short_name):
    opd_add_standard_units(region=region_a)
    with tenant_context(region_a):
        matcher = OpdMatcher(OpdUnit.objects.all(), region_a.name, region_a.kind)
        found = matcher.match(written)
    assert found is not None and found.short_name == short_name, written


def test_a_name_is_not_guessed_when_two_units_could_be_meant(region_a):
    with tenant_context(region_a):
        OpdUnit.objects.create(name="Badan Perencanaan Pembangunan Daerah")
        OpdUnit.objects.create(name="Badan Riset dan Inovasi Daerah", short_name="Bappeda Litbang")
        matcher = OpdMatcher(OpdUnit.objects.all(), region_a.name, region_a.kind)
        # "Bappeda Litbang" is the second unit's own short name: exact names win.
        assert matcher.match("Bappeda Litbang").name == "Badan Riset dan Inovasi Daerah"
        # "Bappedalitbang" is a form of planning, and both units carry a planning form: no guess,
        # but both are offered.
        assert matcher.match("Bappedalitbang") is None
        assert set(matcher.suggest("Bappedalitbang")) >= {
            "Badan Perencanaan Pembangunan Daerah",
            "Badan Riset dan Inovasi Daerah",
        }


def test_each_kind_of_region_gets_its_own_standard_list():
    names = {
        kind: {u.name for u in standard_units(kind)} for kind in ("kabupaten", "kota", "provinsi")
    }
    assert "Dinas Pemberdayaan Masyarakat dan Desa" in names["kabupaten"]
    assert "Dinas Pemberdayaan Masyarakat dan Desa" not in names["kota"]  # kota have no desa
    assert "UPT Puskesmas" in names["kabupaten"] & names["kota"]
    assert "UPT Puskesmas" not in names["provinsi"]
    assert "Satuan Pendidikan SMA, SMK dan SLB" in names["provinsi"]
    assert "Rumah Sakit Umum Daerah" in names["kabupaten"] & names["kota"] & names["provinsi"]


def test_a_newly_activated_region_starts_with_its_standard_list(db):
    from regions.activation import activate_region
    from regions.models import Region
    from tests.effects import apply_effects

    region = Region.objects.filter(kind="kota", is_active=False).order_by("code").first()
    activate_region(region)
    apply_effects()
    with tenant_context(region):
        names = set(OpdUnit.objects.values_list("name", flat=True))
    assert {u.name for u in standard_units("kota")} == names
    # Applied again (a redelivered effect), nothing is added twice.
    from tenants.organization.services import apply_standard_units

    apply_standard_units(type("Job", (), {"region": region})())
    with tenant_context(region):
        assert OpdUnit.objects.count() == len(names)
