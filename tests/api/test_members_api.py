"""Managing a region's members over the API (issue #20), as the members page does: invite, change
a role, remove, and the admins' second-factor rule; the same policy (MANAGE_MEMBERS) and the same
member services decide, so nobody else changes anything and the region keeps an admin."""

from __future__ import annotations

import pytest

from accounts.models import Membership, Role, User
from regions.models import Region

pytestmark = pytest.mark.django_db


def roles(region) -> dict[str, tuple[str, int | None]]:
    return {
        m.user.email: (m.role, m.opd_id)
        for m in Membership.objects.filter(region=region).select_related("user")
    }


def test_an_admin_invites_changes_and_removes_members(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a, token=True)
    invited = admin.post(
        "/api/v1/members/",
        {
            "email": "Operator.Baru@Banjar.test",
            "full_name": "Operator Baru",
            "role": Role.OPD_OPERATOR,
            "opd_id": personas.opd_a.pk,
        },
    )
    assert invited.status_code == 201, invited.content
    body = invited.json()
    assert body["invited"] is True and body["user"]["email"] == "operator.baru@banjar.test"
    assert roles(region_a)["operator.baru@banjar.test"] == (Role.OPD_OPERATOR, personas.opd_a.pk)
    assert not User.objects.get(email="operator.baru@banjar.test").has_usable_password()

    added = admin.post(
        "/api/v1/members/", {"email": personas.outsider.email, "role": Role.VERIFIER}
    )
    assert added.status_code == 201 and added.json()["invited"] is False
    again = admin.post("/api/v1/members/", {"email": personas.outsider.email, "role": "leader"})
    assert again.status_code == 400 and "email" in again.json()["error"]["fields"]

    address = f"/api/v1/members/{added.json()['id']}/"
    assert admin.get(address).json()["role"] == Role.VERIFIER
    changed = admin.patch(address, {"role": Role.LEADER})
    assert changed.status_code == 200 and changed.json()["role"] == Role.LEADER
    assert roles(region_a)[personas.outsider.email] == (Role.LEADER, None)
    assert admin.delete(address).status_code == 204
    assert personas.outsider.email not in roles(region_a)
    assert User.objects.filter(pk=personas.outsider.pk).exists()  # the account stays


def test_the_member_rules_hold_over_the_api(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a, token=True)
    no_opd = admin.post(
        "/api/v1/members/", {"email": "x@banjar.test", "full_name": "X", "role": "opd_operator"}
    )
    assert no_opd.status_code == 400 and "opd_id" in no_opd.json()["error"]["fields"]
    province_role = admin.post(
        "/api/v1/members/",
        {"email": "y@banjar.test", "full_name": "Y", "role": Role.PROVINCE_VIEWER},
    )
    assert province_role.status_code == 400 and "role" in province_role.json()["error"]["fields"]
    # The region's only admin can neither step down nor leave.
    own = Membership.objects.get(user=personas.admin_a, region=region_a)
    assert admin.patch(f"/api/v1/members/{own.pk}/", {"role": Role.LEADER}).status_code == 400
    assert admin.delete(f"/api/v1/members/{own.pk}/").status_code == 400
    assert roles(region_a)[personas.admin_a.email] == (Role.REGION_ADMIN, None)
    assert not User.objects.filter(email__in=["x@banjar.test", "y@banjar.test"]).exists()


@pytest.mark.parametrize(
    "persona", ["anonymous", "admin_b", "verifier_a", "operator_a", "leader_a", "outsider"]
)
def test_nobody_else_manages_members_or_the_second_factor_rule(
    personas, region_a, api_for, persona
):
    user = None if persona == "anonymous" else getattr(personas, persona)
    client = api_for(user, region_a, token=user is not None)
    before = roles(region_a)
    verifier = Membership.objects.get(user=personas.verifier_a, region=region_a)
    address = f"/api/v1/members/{verifier.pk}/"
    refused = (401, 403)
    assert client.get("/api/v1/members/").status_code in refused
    assert client.get(address).status_code in refused
    invite = {"email": "baru@banjar.test", "full_name": "Baru", "role": Role.REGION_ADMIN}
    assert client.post("/api/v1/members/", invite).status_code in refused
    assert client.patch(address, {"role": Role.REGION_ADMIN}).status_code in refused
    assert client.delete(address).status_code in refused
    assert client.put("/api/v1/region/second-factor/", {"required": True}).status_code in refused
    assert roles(region_a) == before
    assert not Region.objects.get(pk=region_a.pk).require_admin_second_factor


def test_another_regions_member_is_not_found_here(personas, region_a, region_b, api_for):
    admin = api_for(personas.admin_a, region_a, token=True)
    theirs = Membership.objects.get(user=personas.admin_b, region=region_b)
    assert admin.get(f"/api/v1/members/{theirs.pk}/").status_code == 404
    assert admin.patch(f"/api/v1/members/{theirs.pk}/", {"role": "leader"}).status_code == 404
    assert admin.delete(f"/api/v1/members/{theirs.pk}/").status_code == 404
    assert Membership.objects.get(pk=theirs.pk).role == Role.REGION_ADMIN


def test_an_admin_sets_the_second_factor_rule(personas, region_a, api_for):
    admin = api_for(personas.admin_a, region_a, token=True)
    assert admin.get("/api/v1/region/second-factor/").json() == {"required": False}
    turned_on = admin.put("/api/v1/region/second-factor/", {"required": True})
    assert turned_on.status_code == 200 and turned_on.json() == {"required": True}
    assert Region.objects.get(pk=region_a.pk).require_admin_second_factor
    assert admin.put("/api/v1/region/second-factor/", {}).status_code == 400
    admin.put("/api/v1/region/second-factor/", {"required": False})
    assert not Region.objects.get(pk=region_a.pk).require_admin_second_factor
