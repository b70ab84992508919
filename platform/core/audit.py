"""Recording audit events. Call inside the transaction of the change being recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.models import AuditEvent

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region


class EventType:
    REGION_ACTIVATED = "region.activated"
    REGION_REACTIVATED = "region.reactivated"
    REGION_DEACTIVATED = "region.deactivated"
    REGION_DOMAIN_ADDED = "region.domain_added"
    MEMBER_INVITED = "member.invited"
    MEMBER_ADDED = "member.added"
    MEMBER_ROLE_CHANGED = "member.role_changed"
    MEMBER_REMOVED = "member.removed"
    INVITATION_ACCEPTED = "member.invitation_accepted"
    OPD_CREATED = "opd.created"
    OPD_UPDATED = "opd.updated"
    OPD_DELETED = "opd.deleted"
    OPD_STANDARD_LIST_ADDED = "opd.standard_list_added"
    FACILITATOR_CREATED = "opd.facilitator_created"
    FACILITATOR_UPDATED = "opd.facilitator_updated"
    FACILITATOR_DELETED = "opd.facilitator_deleted"
    RUBRIC_COPIED = "rubric.copied"
    OFFICIAL_RESULTS_IMPORTED = "official_results.imported"
    SECOND_FACTOR_ON = "account.second_factor_on"
    SECOND_FACTOR_OFF = "account.second_factor_off"
    SECOND_FACTOR_REQUIRED = "region.second_factor_required"
    SECOND_FACTOR_OPTIONAL = "region.second_factor_optional"
    SINGLE_SIGN_ON_LINKED = "account.single_sign_on_linked"
    PERSONAL_KEY_CREATED = "account.api_token_created"
    PERSONAL_KEY_REVOKED = "account.api_token_revoked"


def record_event(
    event_type: str,
    *,
    actor: User | None,
    region: Region | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        event_type=event_type, actor=actor_obj, region=region, data=data or {}
    )
