"""Writes about accounts: invitations and their acceptance. Who is a member of a region, with
which role, is changed by the region (tenants.members.services)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation, Membership, User
from core.audit import EventType, record_event

INVITATION_LIFETIME = timedelta(days=7)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(membership: Membership) -> str:
    """An invitation for a member who has no password yet; the token is returned (and e-mailed
    with the membership), only its hash is stored."""
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        membership=membership,
        token_hash=hash_token(token),
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    return token


def invitation_for_token(token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("membership__user", "membership__region")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password. The token works once, before it expires."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError(_("Undangan tidak berlaku atau sudah kedaluwarsa."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("Undangan tidak berlaku atau sudah kedaluwarsa."))
    user = invitation.membership.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(
        EventType.INVITATION_ACCEPTED,
        actor=user,
        region=invitation.membership.region,
        data={"user": user.pk},
    )
    return user
