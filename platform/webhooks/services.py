"""Managing webhook subscriptions: create, change, rotate the secret, delete, send a test event.
A region's admins manage the region's subscriptions; platform operators those of the public
network (`region=None`); accounts.policy decides (Action.MANAGE_WEBHOOKS). The secret is
returned by create and rotate only: nothing shows it again."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Action, can
from core.audit import record_event
from webhooks import targets
from webhooks.events import DELIVER, emit_test
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from webhooks.vocabulary import choices

if TYPE_CHECKING:
    from collections.abc import Iterable

    from accounts.models import User
    from regions.models import Region

# Audit trail event types (core.audit.record_event takes any name; these are the webhooks').
SUBSCRIPTION_CREATED = "webhook.created"
SUBSCRIPTION_UPDATED = "webhook.updated"
SUBSCRIPTION_DELETED = "webhook.deleted"
SECRET_ROTATED = "webhook.secret_rotated"  # noqa: S105 (an event name, not a secret)


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def _require(actor: User, region: Region | None, subscription: WebhookSubscription | None) -> None:
    if not can(actor, Action.MANAGE_WEBHOOKS, region):
        raise PermissionDenied
    if subscription is not None and subscription.region_id != (region.pk if region else None):
        raise PermissionDenied  # another region's (or the network's) subscription


def clean_event_types(values: Iterable[str], *, region: Region | None) -> list[str]:
    allowed = dict(choices(network=region is None))
    chosen = list(dict.fromkeys(str(value) for value in values))
    if not chosen:
        raise ValidationError({"event_types": _("Pilih setidaknya satu jenis peristiwa.")})
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise ValidationError(
            {
                "event_types": _("Jenis peristiwa tidak dikenal di sini: %(names)s.")
                % {"names": ", ".join(unknown)}
            }
        )
    return chosen


def _clean_url(url: str) -> str:
    try:
        return targets.check(url)
    except ValidationError as exc:
        raise ValidationError({"url": exc.messages}) from exc


def subscription_create(
    *,
    region: Region | None,
    actor: User,
    url: str,
    event_types: Iterable[str],
    description: str = "",
    is_active: bool = True,
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret (shown to the caller once)."""
    _require(actor, region, None)
    cleaned_types = clean_event_types(event_types, region=region)
    cleaned_url = _clean_url(url)
    secret = new_secret()
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            region=region,
            url=cleaned_url,
            description=description.strip(),
            event_types=cleaned_types,
            is_active=is_active,
            secret=secret,
            created_by=actor,
        )
        record_event(
            SUBSCRIPTION_CREATED,
            actor=actor,
            region=region,
            data={"subscription": subscription.pk, "url": cleaned_url, "events": cleaned_types},
        )
    return subscription, secret


def subscription_update(
    *,
    region: Region | None,
    actor: User,
    subscription: WebhookSubscription,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> WebhookSubscription:
    """Change what is given; a subscription made active again resumes its waiting deliveries."""
    _require(actor, region, subscription)
    changes: dict[str, object] = {}
    if url is not None and url.strip() != subscription.url:
        changes["url"] = _clean_url(url)
    if event_types is not None:
        cleaned = clean_event_types(event_types, region=region)
        if cleaned != subscription.event_types:
            changes["event_types"] = cleaned
    if description is not None and description.strip() != subscription.description:
        changes["description"] = description.strip()
    if is_active is not None and is_active != subscription.is_active:
        changes["is_active"] = is_active
    if not changes:
        return subscription
    with transaction.atomic():
        for name, value in changes.items():
            setattr(subscription, name, value)
        subscription.save()
        if changes.get("is_active") is True:
            _resume(subscription)
        record_event(
            SUBSCRIPTION_UPDATED,
            actor=actor,
            region=region,
            data={"subscription": subscription.pk, "changed": sorted(changes)},
        )
    return subscription


def _resume(subscription: WebhookSubscription) -> None:
    """Deliveries left waiting while the subscription was inactive are sent now."""
    from pipeline.services import record_many

    waiting = subscription.deliveries.filter(status=DeliveryStatus.PENDING).values_list(
        "pk", flat=True
    )
    record_many({"name": DELIVER, "target": pk} for pk in waiting)


def subscription_rotate_secret(
    *, region: Region | None, actor: User, subscription: WebhookSubscription
) -> str:
    """A new secret replaces the old one at once (deliveries still waiting are signed with the
    new one); returned to show once."""
    _require(actor, region, subscription)
    secret = new_secret()
    with transaction.atomic():
        subscription.secret = secret
        subscription.secret_rotated_at = timezone.now()
        subscription.save(update_fields=["secret", "secret_rotated_at", "updated_at"])
        record_event(
            SECRET_ROTATED, actor=actor, region=region, data={"subscription": subscription.pk}
        )
    return secret


def subscription_delete(
    *, region: Region | None, actor: User, subscription: WebhookSubscription
) -> None:
    """Delete the subscription and its delivery log (its waiting deliveries are not sent)."""
    _require(actor, region, subscription)
    with transaction.atomic():
        record_event(
            SUBSCRIPTION_DELETED,
            actor=actor,
            region=region,
            data={"subscription": subscription.pk, "url": subscription.url},
        )
        subscription.delete()


def send_test(
    *, region: Region | None, actor: User, subscription: WebhookSubscription
) -> WebhookDelivery:
    """A `webhook.test` event to this subscription only, through the delivery pipeline."""
    _require(actor, region, subscription)
    if not subscription.is_active:
        raise ValidationError(_("Aktifkan langganan ini dulu untuk mengirim peristiwa uji."))
    with transaction.atomic():
        return emit_test(subscription)
