"""The innovations import template over the API (issue #20), as the Impor & ekspor page's link:
for those who may edit innovations, the region's own workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/innovations/template/"


def test_editors_get_the_regions_template(personas, region_a, api_for):
    for user in (personas.admin_a, personas.operator_a):
        response = api_for(user, region_a, token=True).get(URL)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert f"templat-impor-inovasi-{region_a.slug}.xlsx" in response["Content-Disposition"]
        workbook = load_workbook(io.BytesIO(response.content))
        assert "Inovasi" in workbook.sheetnames


@pytest.mark.parametrize("persona", ["verifier_a", "leader_a", "admin_b", "outsider", "anonymous"])
def test_others_do_not_get_it(personas, region_a, api_for, persona):
    user = None if persona == "anonymous" else getattr(personas, persona)
    response = api_for(user, region_a, token=user is not None).get(URL)
    assert response.status_code in (401, 403)
