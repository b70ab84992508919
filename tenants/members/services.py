"""Writes about a region's members: inviting people, changing their roles, removing them.
Who may grant which role is the policy's answer (accounts.policy.grantable_roles); an OPD
operator's unit must be one of the region's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from accounts.models import Membership, Role, User
from accounts.policy import PROVINCE_ONLY_ROLES, forget_memberships, grantable_roles
from accounts.services import invitation_create
from core.audit import EventType, record_event
from pipeline.services import record
from tenants.history.models import Change
from tenants.history.services import record_row_change
from tenants.organization.models import OpdUnit

if TYPE_CHECKING:
    from regions.models import Region


def _check_role(actor: User, region: Region, role: str, opd_id: int | None) -> None:
    if role not in grantable_roles(actor, region):
        if role in PROVINCE_ONLY_ROLES and not region.is_province:
            raise ValidationError({"role": _("Peran ini hanya ada di pemerintah provinsi.")})
        raise PermissionDenied
    if role == Role.OPD_OPERATOR:
        if opd_id is None:
            raise ValidationError({"opd_id": _("Operator OPD harus terhubung ke satu OPD.")})
        with schema_context(region.schema_name):
            if not OpdUnit.objects.filter(pk=opd_id).exists():
                raise ValidationError({"opd_id": _("OPD tidak ditemukan di daerah ini.")})


@transaction.atomic
def member_invite(
    *,
    region: Region,
    actor: User,
    email: str,
    full_name: str,
    role: str,
    opd_id: int | None = None,
) -> tuple[Membership, str | None]:
    """Give `email` a role in `region`. A new person gets an account without a password and an
    invitation token (returned, and e-mailed after commit); an existing user is added directly.
    Region admins can only add people to their own region."""
    email = User.objects.normalize_email(email).strip().lower()
    if role != Role.OPD_OPERATOR:
        opd_id = None
    _check_role(actor, region, role, opd_id)
    user = User.objects.filter(email=email).first()
    if user is not None and Membership.objects.filter(user=user, region=region).exists():
        raise ValidationError({"email": _("Orang ini sudah menjadi anggota daerah ini.")})

    token = None
    if user is None:
        if not full_name.strip():
            raise ValidationError({"full_name": _("Nama lengkap wajib diisi untuk pengguna baru.")})
        user = User.objects.create_user(email=email, full_name=full_name.strip())
    membership = Membership.objects.create(
        user=user, region=region, role=role, opd_id=opd_id, created_by=actor
    )
    _record(region, actor, membership, "created")
    if not user.has_usable_password():
        token = invitation_create(membership)
    record_event(
        EventType.MEMBER_INVITED if token else EventType.MEMBER_ADDED,
        actor=actor,
        region=region,
        data={"user": user.pk, "email": email, "role": role, "opd_id": opd_id},
    )
    record(
        "accounts.membership_email",
        region=region,
        target=membership.pk,
        payload={"token": token} if token else None,
    )
    return membership, token


@transaction.atomic
def member_change_role(
    *, region: Region, actor: User, membership: Membership, role: str, opd_id: int | None = None
) -> Membership:
    if membership.region_id != region.pk:
        raise PermissionDenied
    if role != Role.OPD_OPERATOR:
        opd_id = None
    _check_role(actor, region, role, opd_id)
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.role == role and locked.opd_id == opd_id:
        return locked
    if locked.user_id == actor.pk and role != Role.REGION_ADMIN:
        _ensure_another_admin(region, locked)
    old = {"role": locked.role, "opd_id": locked.opd_id}
    locked.role, locked.opd_id = role, opd_id
    locked.save(update_fields=["role", "opd_id"])
    _record(
        region,
        actor,
        locked,
        "updated",
        {key: (old[key], getattr(locked, key)) for key in old if old[key] != getattr(locked, key)},
    )
    record_event(
        EventType.MEMBER_ROLE_CHANGED,
        actor=actor,
        region=region,
        data={"user": locked.user_id, "old": old, "new": {"role": role, "opd_id": opd_id}},
    )
    forget_memberships(actor)
    return locked


@transaction.atomic
def member_remove(*, region: Region, actor: User, membership: Membership) -> None:
    if membership.region_id != region.pk:
        raise PermissionDenied
    if not grantable_roles(actor, region):
        raise PermissionDenied
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if locked.role == Role.REGION_ADMIN:
        _ensure_another_admin(region, locked)
    record_event(
        EventType.MEMBER_REMOVED,
        actor=actor,
        region=region,
        data={"user": locked.user_id, "role": locked.role},
    )
    _record(region, actor, locked, "deleted")
    locked.delete()
    forget_memberships(actor)


def _record(
    region: Region,
    actor: User,
    membership: Membership,
    action: str,
    changes: dict[str, tuple[object, object]] | None = None,
) -> None:
    """The membership's change in the region's history (the change feed of its members list),
    in this transaction: memberships live in the public schema, the history in the region's."""
    with schema_context(region.schema_name):
        record_row_change(
            actor=actor,
            subject=Change.Subject.MEMBER,
            action=action,
            subject_id=membership.pk,
            summary=f"{membership.user.get_full_name() or membership.user.email} "
            f"({membership.get_role_display()})",
            changes=changes,
        )


def _ensure_another_admin(region: Region, leaving: Membership) -> None:
    others = Membership.objects.filter(region=region, role=Role.REGION_ADMIN).exclude(pk=leaving.pk)
    if not others.exists():
        raise ValidationError(_("Daerah harus tetap memiliki setidaknya satu admin daerah."))
