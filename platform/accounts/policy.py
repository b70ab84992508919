"""Who may do what: the one place where permissions are decided.

Views, API endpoints, services and templates ask `can(user, action, region)`; none of them
inspects roles directly. The table ROLE_ACTIONS is the whole permission matrix, and
tests/accounts/test_policy.py checks it row by row.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import PersonalToken, User
    from regions.models import Region


class Action(StrEnum):
    VIEW_REGION = "region.view"  # the region home and read access to the region's data
    MANAGE_MEMBERS = "region.manage_members"  # invite users, change roles, remove members
    MANAGE_OPD = "region.manage_opd"  # OPD units and their facilitators
    VIEW_ALL_INNOVATIONS = "innovation.view_all"  # every OPD's innovations, not only one's own
    EDIT_INNOVATION = "innovation.edit"  # OPD operators: only their own OPD's innovations
    VERIFY_INNOVATION = "innovation.verify"  # return or accept submitted innovations
    EDIT_REGION_INDICATORS = "region.edit_indicators"  # SPD answers and evidence of the region
    VIEW_HISTORY = "region.view_history"  # read and export the change history
    PUBLISH_INNOVATION = "replication.publish"  # mark innovations replicable in the catalog
    MANAGE_REPLICATION = "replication.manage"  # request replications and answer requests
    VIEW_PROVINCE_AGGREGATE = "province.view_aggregate"  # a provinsi's view of its kab/kota
    MANAGE_PLATFORM = "platform.manage"  # activate regions, manage every user
    # Harvesting innovations and growing the habit (issue #16).
    MANAGE_CALLS = "calls.manage"  # open calls, their stages, jury and rubric; publish results
    SUBMIT_TO_CALLS = "calls.submit"  # submit to a call through one's account (ASN, OPD)
    JUDGE_CALLS = "calls.judge"  # score submissions of the calls one sits on the jury of
    MANAGE_IDEAS = "ideas.manage"  # triage the idea box
    MANAGE_PROGRAMME = "programme.manage"  # learning events, OPD targets, reporting reminders
    WORK_IN_LAB = "lab.work"  # OPD operators: their own OPD's lab work, SK Tim Inovasi, kontrak
    DISCUSS = "discussions.take_part"  # discussion threads; OPD operators: their own OPD's
    # Webhook subscriptions: a region's admins for the region; with no region (the public
    # network's), platform operators only.
    MANAGE_WEBHOOKS = "webhooks.manage"


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.REGION_ADMIN: frozenset(
        {
            Action.VIEW_REGION,
            Action.MANAGE_MEMBERS,
            Action.MANAGE_OPD,
            Action.VIEW_ALL_INNOVATIONS,
            Action.EDIT_INNOVATION,
            Action.VERIFY_INNOVATION,
            Action.EDIT_REGION_INDICATORS,
            Action.VIEW_HISTORY,
            Action.PUBLISH_INNOVATION,
            Action.MANAGE_REPLICATION,
            Action.VIEW_PROVINCE_AGGREGATE,
            Action.MANAGE_CALLS,
            Action.SUBMIT_TO_CALLS,
            Action.JUDGE_CALLS,  # only on calls whose jury they sit on (tenants.calls.access)
            Action.MANAGE_IDEAS,
            Action.MANAGE_PROGRAMME,
            Action.WORK_IN_LAB,
            Action.DISCUSS,
            Action.MANAGE_WEBHOOKS,
        }
    ),
    Role.VERIFIER: frozenset(
        {
            Action.VIEW_REGION,
            Action.VIEW_ALL_INNOVATIONS,
            Action.VERIFY_INNOVATION,
            Action.VIEW_HISTORY,
            Action.SUBMIT_TO_CALLS,
            Action.JUDGE_CALLS,
            Action.DISCUSS,
        }
    ),
    Role.OPD_OPERATOR: frozenset(
        {
            Action.VIEW_REGION,
            Action.EDIT_INNOVATION,
            Action.SUBMIT_TO_CALLS,
            Action.WORK_IN_LAB,
            Action.DISCUSS,
        }
    ),
    Role.PROVINCE_VIEWER: frozenset({Action.VIEW_REGION, Action.VIEW_PROVINCE_AGGREGATE}),
    Role.LEADER: frozenset(
        {
            Action.VIEW_REGION,
            Action.VIEW_ALL_INNOVATIONS,
            Action.VIEW_HISTORY,
            Action.VIEW_PROVINCE_AGGREGATE,
        }
    ),
    Role.JURY: frozenset({Action.JUDGE_CALLS}),
}

# Actions an OPD operator takes only for their own OPD (`opd_id` names the OPD concerned).
OPD_SCOPED_ACTIONS = frozenset({Action.EDIT_INNOVATION, Action.WORK_IN_LAB, Action.DISCUSS})

# Actions that only make sense on a provinsi.
PROVINCE_ONLY_ACTIONS = frozenset({Action.VIEW_PROVINCE_AGGREGATE})
# Roles that only exist on a provinsi.
PROVINCE_ONLY_ROLES = frozenset({Role.PROVINCE_VIEWER})

_CACHE_ATTR = "_lumbung_membership_cache"


def is_platform_admin(user: User | AnonymousUser | None) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def membership_of(user: User | AnonymousUser | None, region: Region | None) -> Membership | None:
    """The user's membership in the region, memoised on the user object for one request."""
    if user is None or region is None or not user.is_authenticated or not user.is_active:
        return None
    cache: dict[int, Membership | None] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if region.pk not in cache:
        cache[region.pk] = (
            Membership.objects.filter(user=user, region_id=region.pk).only("role", "opd_id").first()
        )
    return cache[region.pk]


def forget_memberships(user: User) -> None:
    """Drop the per-request memo after the user's memberships changed."""
    user.__dict__.pop(_CACHE_ATTR, None)


def role_in(user: User | AnonymousUser | None, region: Region | None) -> str | None:
    membership = membership_of(user, region)
    return membership.role if membership else None


def can(
    user: User | AnonymousUser | None,
    action: Action,
    region: Region | None = None,
    *,
    opd_id: int | None = None,
) -> bool:
    """May `user` perform `action` in `region`?

    `opd_id` narrows the OPD-scoped actions (OPD_SCOPED_ACTIONS): an OPD operator may take them
    only for the OPD their membership names.
    """
    if region is not None and action in PROVINCE_ONLY_ACTIONS and not region.is_province:
        return False
    if is_platform_admin(user):
        return True
    if action == Action.MANAGE_PLATFORM or region is None:
        return False
    if not region.is_active:
        return False
    membership = membership_of(user, region)
    if membership is None or action not in ROLE_ACTIONS[membership.role]:
        return False
    if action in OPD_SCOPED_ACTIONS and membership.role == Role.OPD_OPERATOR:
        return opd_id is not None and opd_id == membership.opd_id
    return True


def may_edit_some_innovation(user: User | AnonymousUser | None, region: Region | None) -> bool:
    """May the user edit at least one innovation here: an admin any, an OPD operator their own
    OPD's (importing and the API's write endpoints ask this before any input is read; which
    innovation exactly is checked again by the service)."""
    membership = membership_of(user, region)
    return can(
        user, Action.EDIT_INNOVATION, region, opd_id=membership.opd_id if membership else None
    )


def members_who_may(action: Action, region: Region):
    """The region's active members whose role allows `action` there: whom to tell about a step
    only they can take (notifications ask this instead of naming roles)."""
    from accounts.models import User

    if not region.is_active or (action in PROVINCE_ONLY_ACTIONS and not region.is_province):
        return User.objects.none()
    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    return User.objects.filter(
        is_active=True, memberships__region_id=region.pk, memberships__role__in=roles
    ).distinct()


def overseen_province_ids(user: User | AnonymousUser | None) -> frozenset[int]:
    """The active provinsi whose aggregate view the user has (one query): the same answer as
    `can(user, VIEW_PROVINCE_AGGREGATE, province)` for every province at once."""
    from regions.models import RegionKind

    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = [
        role for role, actions in ROLE_ACTIONS.items() if Action.VIEW_PROVINCE_AGGREGATE in actions
    ]
    return frozenset(
        Membership.objects.filter(
            user=user, role__in=roles, region__kind=RegionKind.PROVINSI, region__is_active=True
        ).values_list("region_id", flat=True)
    )


def require(
    user: User | AnonymousUser | None,
    action: Action,
    region: Region | None = None,
    *,
    opd_id: int | None = None,
) -> None:
    """Raise PermissionDenied unless `can(...)`."""
    if not can(user, action, region, opd_id=opd_id):
        raise PermissionDenied


def grantable_roles(user: User | AnonymousUser | None, region: Region) -> list[str]:
    """Roles the user may give to others in this region (own region only)."""
    if not can(user, Action.MANAGE_MEMBERS, region):
        return []
    return [role for role in Role.values if region.is_province or role not in PROVINCE_ONLY_ROLES]


def identity_provider_may_vouch_for(provider_region: Region, user: User) -> bool:
    """May an identity provider run by `provider_region` sign `user` in? Only for an active
    person with at least one membership, every one of them in the provider's territory (the
    region itself; for a provinsi, also its kab/kota), and never for a platform admin or staff:
    otherwise one region's provider could sign someone into another region."""
    if not user.is_active or user.is_superuser or user.is_staff:
        return False
    region_ids = set(Membership.objects.filter(user=user).values_list("region_id", flat=True))
    if not region_ids:
        return False
    territory = {provider_region.pk}
    if provider_region.is_province:
        from regions.models import Region as RegionModel

        territory |= set(
            RegionModel.objects.filter(province_id=provider_region.pk).values_list("pk", flat=True)
        )
    return region_ids <= territory


# Methods that only read: what a read-only personal token may send.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenRefusal(StrEnum):
    """Why a valid personal token may not be used for a request (the API's error code)."""

    READ_ONLY = "token_read_only"
    OTHER_REGION = "token_region_restricted"


def token_refusal(
    token: PersonalToken, region: Region | None, method: str, *, public_operation: bool
) -> TokenRefusal | None:
    """May this personal token act on a request to `region`'s host (None: the public site) with
    `method`? None if it may, else why not.

    A read-only token only reads. A token held to one region works on that region's host only;
    on the public site it may still read what anyone may read (`public_operation`: the operation
    takes anonymous visitors), and then acts as an anonymous visitor (`token_acts_as_owner`).
    Everything else (the owner's role in the region) is `can`'s, as for a session."""
    if token.read_only and method.upper() not in READ_METHODS:
        return TokenRefusal.READ_ONLY
    if token.region_id is None:
        return None
    if region is not None:
        return None if region.pk == token.region_id else TokenRefusal.OTHER_REGION
    if method.upper() in READ_METHODS and public_operation:
        return None
    return TokenRefusal.OTHER_REGION


def token_may_act(
    token: PersonalToken, region: Region | None, method: str, *, public_operation: bool = False
) -> bool:
    return token_refusal(token, region, method, public_operation=public_operation) is None


def token_acts_as_owner(token: PersonalToken, region: Region | None) -> bool:
    """Does the token speak for its owner on this host? A token held to one region does not on
    the public site: what it reads there it reads as a visitor, so it cannot open what the
    owner's other roles show (a province viewer's figures, their notifications)."""
    return token.region_id is None or (region is not None and region.pk == token.region_id)


def may_restrict_token_to(user: User, region: Region) -> bool:
    """May `user` make a token held to `region`: an active region they are a member of (any
    active region for a platform admin)."""
    if not region.is_active:
        return False
    return is_platform_admin(user) or membership_of(user, region) is not None
