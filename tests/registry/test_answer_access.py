"""The one access rule of reports, answers and evidence (tenants.assessment.access), as each
persona meets it: what they see (anything else is 404) and what they may do with the answers."""

from __future__ import annotations

import pytest
from django.http import Http404
from django_tenants.utils import tenant_context

from accounts.models import Role
from accounts.policy import may_edit_some_innovation
from tenants.assessment.access import capabilities, report_for, visible_answers
from tenants.assessment.workflow import fire
from tests.conftest import make_member, make_opd
from tests.registry.helpers import answer_mandatory, current_report, make_innovation


@pytest.fixture
def setting(personas, region_a):
    other_opd = make_opd(region_a, "Dinas Pendidikan", short_name="Disdik")
    other_operator = make_member(
        region_a, Role.OPD_OPERATOR, "operator-disdik@banjar.test", opd_id=other_opd.pk
    )
    innovation = make_innovation(region_a, personas.admin_a, personas.opd_a)
    report = current_report(region_a, innovation)
    return other_operator, report


def _caps(user, region, report):
    with tenant_context(region):
        allowed = capabilities(user, region, report)
    return allowed.may_answer, allowed.may_review


def test_who_sees_a_report_and_its_answers(personas, region_a, region_b, setting):
    other_operator, report = setting
    with tenant_context(region_a):
        for user in (personas.admin_a, personas.verifier_a, personas.operator_a, personas.leader_a):
            assert report_for(user, region_a, report.pk) == report
        for user in (other_operator, personas.admin_b, personas.outsider, None):
            with pytest.raises(Http404):
                report_for(user, region_a, report.pk)
        # Answers: another region's admin sees none of them, not even the SPD ones.
        assert not visible_answers(personas.admin_b, region_a).exists()


def test_what_each_persona_may_do_with_the_answers(personas, region_a, setting):
    other_operator, report = setting
    # A draft: its OPD and the admins answer; nobody reviews yet.
    assert _caps(personas.operator_a, region_a, report) == (True, False)
    assert _caps(personas.admin_a, region_a, report) == (True, False)
    assert _caps(other_operator, region_a, report) == (False, False)
    assert _caps(personas.verifier_a, region_a, report) == (False, False)
    assert _caps(personas.leader_a, region_a, report) == (False, False)
    # Submitted: frozen for its OPD, reviewed by verifiers and admins.
    answer_mandatory(region_a, report)
    with tenant_context(region_a):
        fire("submit", region=region_a, actor=personas.operator_a, report=report)
        report.refresh_from_db()
    assert _caps(personas.operator_a, region_a, report) == (False, False)
    assert _caps(personas.verifier_a, region_a, report) == (False, True)
    assert _caps(personas.admin_a, region_a, report) == (False, True)
    # The region's own (SPD) answers: admins answer, verifiers review, at any time.
    assert _caps(personas.admin_a, region_a, None) == (True, True)
    assert _caps(personas.verifier_a, region_a, None) == (False, True)
    assert _caps(personas.operator_a, region_a, None) == (False, False)


def test_who_may_edit_some_innovation(personas, region_a, setting):
    other_operator, _report = setting
    allowed = {
        "admin": personas.admin_a,
        "operator": personas.operator_a,
        "other operator": other_operator,
        "platform": personas.platform_admin,
    }
    refused = {
        "verifier": personas.verifier_a,
        "leader": personas.leader_a,
        "other region": personas.admin_b,
        "outsider": personas.outsider,
    }
    assert [name for name, u in allowed.items() if not may_edit_some_innovation(u, region_a)] == []
    assert [name for name, u in refused.items() if may_edit_some_innovation(u, region_a)] == []
