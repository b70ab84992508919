"""OPD reporting: which OPDs reported nothing, too few, or only unverified innovations against
the region's target; reminders to their operators; the trend over the years."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from accounts.models import Role
from tests.conftest import make_member, make_opd
from tests.effects import apply_effects
from tests.reporting.helpers import innovation_with_report

YEAR = 2025


@pytest.fixture
def opds(personas, region_a):
    """Dinkes (persona's OPD): met (one verified). Disdik: only unverified. Dishub: a draft
    only (nothing reported). Bappeda: two reported, one verified."""
    disdik = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    dishub = make_opd(region_a, "Dinas Perhubungan", short_name="Dishub")
    bappeda = make_opd(region_a, "Bappeda", short_name="Bappeda")
    innovation_with_report(region_a, personas.opd_a, "Sehat Jiwa", year=YEAR, status="verified")
    innovation_with_report(region_a, disdik, "Sekolah Ramah", year=YEAR, status="submitted")
    innovation_with_report(region_a, dishub, "Halte Pintar", year=YEAR, status="draft")
    innovation_with_report(region_a, bappeda, "Satu Data", year=YEAR, status="verified")
    innovation_with_report(region_a, bappeda, "E-Rakor", year=YEAR, status="returned")
    return {"dinkes": personas.opd_a, "disdik": disdik, "dishub": dishub, "bappeda": bappeda}


def _statuses(region, year=YEAR):
    from tenants.reporting.selectors import year_reporting

    with tenant_context(region):
        return {row.short_name: row for row in year_reporting(year).rows}


def test_each_opd_is_placed_against_the_default_target_of_one(opds, region_a):
    rows = _statuses(region_a)
    assert {name: row.status for name, row in rows.items()} == {
        "Dinkes": "met",
        "Disdik": "only_unverified",
        "Dishub": "none",
        "Bappeda": "met",
    }
    assert (rows["Bappeda"].reported, rows["Bappeda"].verified, rows["Bappeda"].unverified) == (
        2,
        1,
        1,
    )
    assert rows["Dishub"].drafts == 1 and rows["Dishub"].reported == 0


def test_a_higher_target_is_stored_and_back_to_the_default_it_is_not(opds, personas, region_a):
    from tenants.reporting.models import ReportingTarget
    from tenants.reporting.services import set_target

    set_target(region=region_a, actor=personas.admin_a, year=YEAR, minimum=2)
    rows = _statuses(region_a)
    assert rows["Dinkes"].status == "below_target"
    assert rows["Bappeda"].status == "only_unverified"  # two reported, one verified
    with tenant_context(region_a):
        assert ReportingTarget.objects.get(year=YEAR).min_innovations_per_opd == 2
    set_target(region=region_a, actor=personas.admin_a, year=YEAR, minimum=1)
    with tenant_context(region_a):
        assert not ReportingTarget.objects.exists()
    assert _statuses(region_a)["Dinkes"].status == "met"


def test_only_bappeda_sets_the_target(opds, personas, region_a):
    from django.core.exceptions import PermissionDenied

    from tenants.reporting.services import set_target

    for user in (personas.verifier_a, personas.leader_a, personas.operator_a, personas.admin_b):
        with pytest.raises(PermissionDenied):
            set_target(region=region_a, actor=user, year=YEAR, minimum=3)


def test_the_default_target_comes_from_its_data_file_with_a_source():
    from tenants.reporting.defaults import default_target

    target = default_target()
    assert target.min_innovations_per_opd == 1
    assert "Magetan" in target.source


def test_the_page_shows_the_table_to_admins_verifiers_and_leaders_only(
    opds, personas, region_a, client_for
):
    for user in (personas.admin_a, personas.verifier_a, personas.leader_a):
        response = client_for(user, region_a).get(f"/pelaporan/?year={YEAR}")
        assert response.status_code == 200
        assert "Dinas Perhubungan" in response.content.decode()
    # Year fallback: the page answers for the current year too.
    assert client_for(personas.leader_a, region_a).get("/pelaporan/").status_code == 200
    assert client_for(personas.operator_a, region_a).get("/pelaporan/").status_code == 403
    assert client_for(personas.admin_b, region_a).get("/pelaporan/").status_code == 403


def test_the_page_filters_by_status(opds, personas, region_a, client_for, monkeypatch):
    from tenants.reporting import views

    monkeypatch.setattr(views, "resolve_year", lambda _value: YEAR)
    page = client_for(personas.admin_a, region_a).get("/pelaporan/?status=none").content.decode()
    assert "Dinas Perhubungan" in page and "Dinas Pendidikan" not in page


def test_reminders_reach_the_operators_of_lagging_opds_once_a_day(opds, personas, region_a):
    from replication.notifications.models import Notification
    from tenants.reporting.models import Reminder
    from tenants.reporting.services import send_reminders

    disdik_operator = make_member(
        region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=opds["disdik"].pk
    )
    dishub_operator = make_member(
        region_a, Role.OPD_OPERATOR, "op-dishub@banjar.test", opd_id=opds["dishub"].pk
    )
    today = date(2025, 6, 2)
    result = send_reminders(region=region_a, actor=personas.admin_a, year=YEAR, today=today)
    assert (result.opds, result.people) == (2, 2)
    apply_effects()
    told = Notification.objects.filter(kind="reporting.reminder")
    assert set(told.values_list("user_id", flat=True)) == {disdik_operator.pk, dishub_operator.pk}
    assert "belum melaporkan" in told.get(user=dishub_operator).title
    assert not Notification.objects.filter(user=personas.operator_a).exists()  # Dinkes met it

    again = send_reminders(region=region_a, actor=personas.admin_a, year=YEAR, today=today)
    assert (again.opds, again.already) == (0, 2)
    apply_effects()
    assert told.count() == 2
    with tenant_context(region_a):
        assert Reminder.objects.count() == 2
    # The next day is another reminder.
    send_reminders(region=region_a, actor=personas.admin_a, year=YEAR, today=date(2025, 6, 3))
    apply_effects()
    assert told.count() == 4


def test_the_head_hears_through_the_opds_contact_address_even_without_an_operator(
    opds, personas, region_a
):
    from django.core import mail

    from tenants.organization.models import OpdUnit
    from tenants.reporting.services import send_reminders

    with tenant_context(region_a):
        OpdUnit.objects.filter(pk=opds["dishub"].pk).update(contact_email="dishub@banjarkab.test")
    result = send_reminders(region=region_a, actor=personas.admin_a, year=YEAR)
    assert result.emailed == 1 and opds["dishub"].name in result.without_operator
    assert result.opds == 1  # Dishub, by e-mail only; Disdik has neither operator nor address
    apply_effects()
    assert [message.to for message in mail.outbox] == [["dishub@banjarkab.test"]]
    body = mail.outbox[0].body
    assert "belum melaporkan inovasi" in body and "http://banjar.localhost" in body
    # Once a day, like the operators' notices.
    again = send_reminders(region=region_a, actor=personas.admin_a, year=YEAR)
    assert (again.emailed, again.already) == (0, 1)


def test_digest_users_get_the_reminder_in_their_digest_not_at_once(opds, personas, region_a):
    from pipeline.models import PendingEffect
    from replication.notifications.emails import queue_daily_digests
    from replication.notifications.models import Notification
    from replication.notifications.services import set_email_preference
    from tenants.reporting.services import send_reminders

    operator = make_member(
        region_a, Role.OPD_OPERATOR, "op-disdik@banjar.test", opd_id=opds["disdik"].pk
    )
    set_email_preference(operator, "daily")
    send_reminders(region=region_a, actor=personas.admin_a, year=YEAR, opd_ids=[opds["disdik"].pk])
    apply_effects(only={"notifications.notice"})
    assert Notification.objects.filter(user=operator, kind="reporting.reminder").exists()
    assert not PendingEffect.objects.filter(effect="notifications.email").exists()
    assert queue_daily_digests() == 1
    assert PendingEffect.objects.filter(
        effect="notifications.digest", target__startswith=f"{operator.pk}:"
    ).exists()


def test_only_bappeda_sends_reminders(opds, personas, region_a, client_for):
    for user in (personas.verifier_a, personas.leader_a, personas.operator_a, personas.admin_b):
        response = client_for(user, region_a).post(f"/pelaporan/{YEAR}/ingatkan/")
        assert response.status_code == 403
    response = client_for(personas.admin_a, region_a).post(f"/pelaporan/{YEAR}/ingatkan/")
    assert response.status_code == 302


def test_the_trend_counts_innovations_and_innovating_opds_per_year(
    opds, personas, region_a, client_for
):
    from tenants.reporting.selectors import reporting_trend

    innovation_with_report(region_a, personas.opd_a, "Sehat Jiwa", year=YEAR - 1, status="verified")
    with tenant_context(region_a):
        trend = {row.year: row for row in reporting_trend()}
    assert (trend[YEAR - 1].innovations, trend[YEAR - 1].opds) == (1, 1)
    assert (trend[YEAR].innovations, trend[YEAR].verified, trend[YEAR].opds) == (4, 2, 3)
    section = client_for(personas.operator_a, region_a).get("/pelaporan/tren/")
    assert section.status_code == 200 and "OPD berinovasi" in section.content.decode()
    assert client_for(personas.admin_b, region_a).get("/pelaporan/tren/").status_code == 403
