"""Personal API tokens: what an integration presents instead of its owner's password.

A token is `li_<8 characters>_<random>`: the first part (`prefix`) is shown in lists so people
can tell their tokens apart; only a SHA-256 hash of the whole secret is stored, and the secret is
shown once, when the token is made. Every token expires (90 days unless chosen, at most a year),
can be revoked, and may be held to one region's host and to reading only; what a token may do on
a request is decided by accounts.policy.token_refusal. `last_used_at` is written at most once a
minute per token, so using a token does not cost a write per request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import PersonalToken, User
from accounts.policy import may_restrict_token_to
from core.audit import EventType, record_event

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from regions.models import Region

SECRET_PREFIX = "li_"  # noqa: S105 (the visible start of every secret, not a secret)
DEFAULT_LIFETIME_DAYS = 90
MAX_LIFETIME_DAYS = 365
NAME_MAX_LENGTH = 100
# How stale `last_used_at` may be before a use writes it again.
LAST_USED_PRECISION = timedelta(minutes=1)
# The name and lifetime of the tokens converted from rest_framework.authtoken keys.
LEGACY_NAME = "Token lama (dipindahkan)"
LEGACY_LIFETIME = timedelta(days=90)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """(prefix, secret) of a new token; the prefix is the secret's visible start."""
    prefix = SECRET_PREFIX + secrets.token_hex(4)
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


def token_create(
    *,
    user: User,
    name: str = "",
    expires_in_days: int | None = None,
    region: Region | None = None,
    read_only: bool = False,
) -> tuple[PersonalToken, str]:
    """A new token of `user` and its secret, which is not kept anywhere: the caller shows it
    once. Raises ValidationError (by field) for a lifetime outside 1..365 days, a name too long,
    or a region the user is no member of."""
    name = name.strip() or _("Token API")
    days = DEFAULT_LIFETIME_DAYS if expires_in_days is None else expires_in_days
    errors: dict[str, list[str]] = {}
    if len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Nama paling panjang %(n)d karakter.") % {"n": NAME_MAX_LENGTH}]
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        errors["expires_in_days"] = [
            _("Masa berlaku antara 1 dan %(n)d hari.") % {"n": MAX_LIFETIME_DAYS}
        ]
    if region is not None and not may_restrict_token_to(user, region):
        errors["region"] = [_("Anda bukan anggota daerah ini.")]
    if errors:
        raise ValidationError(errors)
    prefix, secret = new_secret()
    now = timezone.now()
    token = PersonalToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
        region=region,
        read_only=read_only,
    )
    record_event(
        EventType.PERSONAL_KEY_CREATED,
        actor=user,
        region=region,
        data={"token": token.pk, "prefix": prefix, "read_only": read_only, "days": days},
    )
    return token, secret


def token_for_secret(secret: str) -> PersonalToken | None:
    """The token whose secret this is, whatever its state (expired and revoked included: the
    caller says which), with its owner and region."""
    if not secret or len(secret) > 200:
        return None
    return (
        PersonalToken.objects.select_related("user", "region")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


def note_use(token: PersonalToken, *, now: datetime | None = None) -> None:
    """Record that the token was used, at most once per LAST_USED_PRECISION: the condition is
    checked in the UPDATE too, so parallel requests write it once."""
    now = now or timezone.now()
    stale = now - LAST_USED_PRECISION
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    PersonalToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    ).update(last_used_at=now)
    token.last_used_at = now


def token_revoke(*, token: PersonalToken, actor: User) -> None:
    """Revoke the token from now on (a revoked token stays listed, marked so, until
    prune_personal_tokens deletes it)."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    PersonalToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=token.revoked_at
    )
    record_event(
        EventType.PERSONAL_KEY_REVOKED,
        actor=actor,
        region=token.region,
        data={"token": token.pk, "prefix": token.prefix},
    )


def prune_personal_tokens(now: datetime | None = None) -> int:
    """Delete the tokens revoked or expired more than PERSONAL_TOKEN_KEEP_DAYS ago (daily, from
    beat); how many went. Until then their owners still see them listed, marked so. What was
    done with them stays in the audit log, whose events name the token by id and prefix."""
    since = (now or timezone.now()) - timedelta(days=settings.PERSONAL_TOKEN_KEEP_DAYS)
    done = Q(revoked_at__lt=since) | Q(expires_at__lt=since)
    deleted, _by_model = PersonalToken.objects.filter(done).delete()
    return deleted


def tokens_of_user(user: User) -> QuerySet[PersonalToken]:
    """The user's tokens, newest first, revoked and expired ones included."""
    return PersonalToken.objects.filter(user=user).select_related("region").order_by("-created_at")


def token_of_user(user: User, token_id: int) -> PersonalToken | None:
    """One of the user's own tokens; another person's is None, as if it did not exist."""
    return tokens_of_user(user).filter(pk=token_id).first()


def regions_to_hold_tokens_to(user: User) -> QuerySet[Region]:
    """The regions the user may hold a token to, offered on the tokens page: the active regions
    of their memberships (accounts.policy.may_restrict_token_to decides each)."""
    from regions.models import Region

    return Region.objects.filter(memberships__user=user, is_active=True).order_by("name")


def convert_legacy_tokens(legacy_model: Any, token_model: Any, *, now: datetime) -> int:
    """Turn every rest_framework.authtoken key into a personal token that accepts the same key
    (its hash is stored, the key is not), named LEGACY_NAME and expiring LEGACY_LIFETIME from
    `now`, then delete the keys, which that table keeps in clear. Takes the models as arguments
    so the data migration can pass its historical ones. Returns how many were converted."""
    converted = [
        token_model(
            user_id=key.user_id,
            name=LEGACY_NAME,
            prefix=key.key[:8],
            secret_hash=hash_secret(key.key),
            created_at=key.created,
            expires_at=now + LEGACY_LIFETIME,
        )
        for key in legacy_model.objects.all()
    ]
    token_model.objects.bulk_create(converted)
    legacy_model.objects.all().delete()
    return len(converted)
