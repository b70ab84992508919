"""The permission matrix, role by action, as a table. A change to accounts.policy that is not
mirrored here fails."""

from __future__ import annotations

import pytest

from accounts.models import Role
from accounts.policy import (
    Action,
    can,
    forget_memberships,
    grantable_roles,
    members_who_may,
    overseen_province_ids,
    role_in,
)
from tests.conftest import make_member, make_user

A = Action
# role -> the actions it allows in its own (kabupaten) region
KABUPATEN_MATRIX = {
    Role.REGION_ADMIN: {
        A.VIEW_REGION,
        A.MANAGE_MEMBERS,
        A.MANAGE_OPD,
        A.VIEW_ALL_INNOVATIONS,
        A.EDIT_INNOVATION,
        A.VERIFY_INNOVATION,
        A.EDIT_REGION_INDICATORS,
        A.VIEW_HISTORY,
        A.PUBLISH_INNOVATION,
        A.MANAGE_REPLICATION,
        A.MANAGE_CALLS,
        A.SUBMIT_TO_CALLS,
        A.JUDGE_CALLS,
        A.MANAGE_IDEAS,
        A.MANAGE_PROGRAMME,
        A.WORK_IN_LAB,
        A.DISCUSS,
        A.MANAGE_WEBHOOKS,
    },
    Role.VERIFIER: {
        A.VIEW_REGION,
        A.VIEW_ALL_INNOVATIONS,
        A.VERIFY_INNOVATION,
        A.VIEW_HISTORY,
        A.SUBMIT_TO_CALLS,
        A.JUDGE_CALLS,
        A.DISCUSS,
    },
    # EDIT_INNOVATION, WORK_IN_LAB and DISCUSS only for its own OPD, below
    Role.OPD_OPERATOR: {A.VIEW_REGION, A.SUBMIT_TO_CALLS},
    Role.LEADER: {A.VIEW_REGION, A.VIEW_ALL_INNOVATIONS, A.VIEW_HISTORY},
    Role.JURY: {A.JUDGE_CALLS},
}
PROVINCE_MATRIX = {
    # A provinsi runs calls too (the forwarded winners of its kab/kota are judged there).
    Role.REGION_ADMIN: KABUPATEN_MATRIX[Role.REGION_ADMIN] | {A.VIEW_PROVINCE_AGGREGATE},
    Role.JURY: {A.JUDGE_CALLS},
    Role.PROVINCE_VIEWER: {A.VIEW_REGION, A.VIEW_PROVINCE_AGGREGATE},
    Role.LEADER: {
        A.VIEW_REGION,
        A.VIEW_ALL_INNOVATIONS,
        A.VIEW_HISTORY,
        A.VIEW_PROVINCE_AGGREGATE,
    },
}
ALL_ACTIONS = list(Action)


def _cases(matrix):
    for role, allowed in matrix.items():
        for action in ALL_ACTIONS:
            yield pytest.param(role, action, action in allowed, id=f"{role}-{action}")


@pytest.mark.parametrize(("role", "action", "expected"), list(_cases(KABUPATEN_MATRIX)))
def test_kabupaten_role_matrix(region_a, role, action, expected):
    opd_id = 7 if role == Role.OPD_OPERATOR else None
    user = make_member(region_a, role, "member@banjar.test", opd_id=opd_id)
    assert can(user, action, region_a) is expected


@pytest.mark.parametrize(("role", "action", "expected"), list(_cases(PROVINCE_MATRIX)))
def test_province_role_matrix(province, role, action, expected):
    user = make_member(province, role, "member@kalsel.test")
    assert can(user, action, province) is expected


@pytest.mark.parametrize("role", list(KABUPATEN_MATRIX))
def test_a_role_in_one_region_gives_nothing_in_another(region_a, region_b, role):
    user = make_member(
        region_a, role, "member@banjar.test", opd_id=7 if role == Role.OPD_OPERATOR else None
    )
    assert not any(can(user, action, region_b) for action in ALL_ACTIONS)


@pytest.mark.parametrize("action", [A.EDIT_INNOVATION, A.WORK_IN_LAB, A.DISCUSS])
def test_opd_operator_acts_only_for_its_own_opd(region_a, action):
    user = make_member(region_a, Role.OPD_OPERATOR, "op@banjar.test", opd_id=7)
    assert can(user, action, region_a, opd_id=7)
    assert not can(user, action, region_a, opd_id=8)
    assert not can(user, action, region_a)


def test_region_admin_edits_any_opd(region_a):
    user = make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test")
    assert can(user, A.EDIT_INNOVATION, region_a, opd_id=8)


def test_platform_admin_may_do_everything_but_province_views_of_a_kabupaten(region_a, province):
    admin = make_user("root@platform.test", superuser=True)
    assert all(can(admin, action, province) for action in ALL_ACTIONS)
    assert not can(admin, A.VIEW_PROVINCE_AGGREGATE, region_a)
    assert can(admin, A.MANAGE_PLATFORM)


def test_nobody_else_manages_the_platform(region_a):
    user = make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test")
    assert not can(user, A.MANAGE_PLATFORM)
    assert not can(user, A.MANAGE_PLATFORM, region_a)


def test_anonymous_and_inactive_users_may_do_nothing(region_a):
    from django.contrib.auth.models import AnonymousUser

    assert not any(can(AnonymousUser(), action, region_a) for action in ALL_ACTIONS)
    user = make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test")
    user.is_active = False
    assert not any(can(user, action, region_a) for action in ALL_ACTIONS)


def test_members_of_a_deactivated_region_lose_access(region_a):
    user = make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test")
    region_a.is_active = False
    assert not can(user, A.VIEW_REGION, region_a)


def test_region_admin_grants_roles_of_its_own_region_only(region_a, region_b, province):
    admin_a = make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test")
    assert Role.PROVINCE_VIEWER not in grantable_roles(admin_a, region_a)
    assert set(grantable_roles(admin_a, region_a)) == {
        Role.REGION_ADMIN,
        Role.VERIFIER,
        Role.OPD_OPERATOR,
        Role.LEADER,
        Role.JURY,
    }
    assert grantable_roles(admin_a, region_b) == []
    admin_p = make_member(province, Role.REGION_ADMIN, "admin@kalsel.test")
    assert Role.PROVINCE_VIEWER in grantable_roles(admin_p, province)
    verifier = make_member(region_b, Role.VERIFIER, "ver@tanahbumbu.test")
    assert grantable_roles(verifier, region_b) == []


def test_an_inactive_platform_admin_may_do_nothing(region_a):
    user = make_user("mantan-operator@platform.test", superuser=True)
    assert can(user, A.MANAGE_PLATFORM)
    user.is_active = False
    assert not can(user, A.MANAGE_PLATFORM)
    assert not any(can(user, action, region_a) for action in ALL_ACTIONS)


def test_who_oversees_which_province(region_a, province):
    from regions.models import Region

    viewer = make_member(province, Role.PROVINCE_VIEWER, "pemantau@kalsel.test")
    leader = make_member(province, Role.LEADER, "gubernur@kalsel.test")
    verifier = make_member(province, Role.VERIFIER, "verifikator@kalsel.test")
    kabupaten_admin = make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test")
    assert overseen_province_ids(viewer) == {province.pk}
    assert overseen_province_ids(leader) == {province.pk}
    assert overseen_province_ids(verifier) == frozenset()  # no aggregate view in that role
    assert overseen_province_ids(kabupaten_admin) == frozenset()
    assert overseen_province_ids(None) == frozenset()
    # The same answer as can(...) province by province, for each of them.
    for user in (viewer, leader, verifier, kabupaten_admin):
        assert (province.pk in overseen_province_ids(user)) == can(
            user, A.VIEW_PROVINCE_AGGREGATE, province
        )
    viewer.is_active = False
    assert overseen_province_ids(viewer) == frozenset()
    Region.objects.filter(pk=province.pk).update(is_active=False)
    assert overseen_province_ids(leader) == frozenset()


def test_a_role_change_is_seen_after_the_memo_is_forgotten(region_a):
    from accounts.models import Membership

    user = make_member(region_a, Role.VERIFIER, "verifikator@banjar.test")
    forget_memberships(user)  # nothing memoised yet: nothing to forget, no error
    assert not can(user, A.MANAGE_MEMBERS, region_a)
    Membership.objects.filter(user=user).update(role=Role.REGION_ADMIN)
    assert not can(user, A.MANAGE_MEMBERS, region_a)  # memoised for this request
    forget_memberships(user)
    assert can(user, A.MANAGE_MEMBERS, region_a)


def test_who_hears_about_a_step_only_some_may_take(region_a, province):
    from regions.models import Region

    admin = make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test")
    make_member(region_a, Role.VERIFIER, "verifikator@banjar.test")
    gone = make_member(region_a, Role.REGION_ADMIN, "mantan@banjar.test")
    gone.is_active = False
    gone.save()
    assert list(members_who_may(A.MANAGE_REPLICATION, region_a)) == [admin]
    viewer = make_member(province, Role.PROVINCE_VIEWER, "pemantau@kalsel.test")
    assert list(members_who_may(A.VIEW_PROVINCE_AGGREGATE, province)) == [viewer]
    assert not members_who_may(A.VIEW_PROVINCE_AGGREGATE, region_a).exists()
    Region.objects.filter(pk=region_a.pk).update(is_active=False)
    region_a.refresh_from_db()
    assert not members_who_may(A.MANAGE_REPLICATION, region_a).exists()


def test_the_role_shown_is_the_one_held_in_that_region(region_a, region_b):
    from django.contrib.auth.models import AnonymousUser

    verifier = make_member(region_a, Role.VERIFIER, "verifikator@banjar.test")
    assert role_in(verifier, region_a) == Role.VERIFIER
    assert role_in(verifier, region_b) is None
    assert role_in(AnonymousUser(), region_a) is None
    assert role_in(verifier, None) is None


def test_no_action_but_the_platforms_is_allowed_without_a_region(region_a):
    """Asked about no region (the public site), a member may do nothing there: a plain no."""
    user = make_member(region_a, Role.REGION_ADMIN, "admin@banjar.test")
    assert not any(can(user, action) for action in ALL_ACTIONS)
