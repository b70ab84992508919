"""Replication requests between regions: creation and every transition, each audited in the
request's timeline. All rows live in the public schema; the two steps that reach into a region's
own data do it on purpose and say so: the replica is created in the requester's schema, and the
credit is written into the origin's schema (replication.requests.credit)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Action, can
from replication.requests.models import (
    AgreementKind,
    ReplicationRequest,
    RequestDocument,
    RequestEvent,
    RequestStatus,
)
from replication.requests.transitions import EITHER, ORIGIN, REQUESTER, SYSTEM, TRANSITIONS
from tenants.assessment.evidence_files import check_upload

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from replication.catalog.models import CatalogEntry

DOCUMENT_TYPES = ("pdf", "jpg", "jpeg", "png")
TRANSITION_FIELDS = (
    "visit_date",
    "visit_participants",
    "agreement_kind",
    "agreement_number",
    "agreement_signed_on",
    "agreement_valid_until",
)


class TransitionError(ValidationError):
    """The step is not possible from the request's current state (often: someone else already
    moved it)."""


def side_of(region: Region | None, request: ReplicationRequest) -> str | None:
    if region is None:
        return None
    if region.pk == request.requester_id:
        return REQUESTER
    if region.pk == request.origin_id:
        return ORIGIN
    return None


def may_act(
    user: User | None, region: Region | None, request: ReplicationRequest, side: str
) -> bool:
    """May `user`, working in `region`, act for `side` of the request?"""
    own = side_of(region, request)
    if own is None or not can(user, Action.MANAGE_REPLICATION, region):
        return False
    return side in (EITHER, own)


def allowed_transitions(user: User | None, region: Region | None, request: ReplicationRequest):
    result = []
    for transition in TRANSITIONS.values():
        if transition.side == SYSTEM or request.status not in transition.sources:
            continue
        if not may_act(user, region, request, transition.side):
            continue
        if transition.name == "confirm" and _already_confirmed(request, side_of(region, request)):
            continue
        result.append(transition)
    return result


def _already_confirmed(request: ReplicationRequest, side: str | None) -> bool:
    if side == REQUESTER:
        return request.requester_confirmed_at is not None
    return side == ORIGIN and request.origin_confirmed_at is not None


def request_create(
    *,
    region: Region,
    actor: User,
    entry: CatalogEntry,
    message: str = "",
    letter: UploadedFile | None = None,
) -> ReplicationRequest:
    """`region` asks to replicate the catalog entry, attaching its letter of interest."""
    if not can(actor, Action.MANAGE_REPLICATION, region):
        raise PermissionDenied
    if entry.region_id == region.pk:
        raise ValidationError(_("Daerah tidak dapat mengajukan replikasi atas inovasinya sendiri."))
    if letter is None:
        raise ValidationError({"letter": _("Lampirkan surat permohonan/minat replikasi.")})
    stored: list[str] = []
    try:
        with transaction.atomic():
            request = ReplicationRequest(
                requester=region,
                origin_id=entry.region_id,
                entry=entry,
                origin_innovation_id=entry.innovation_id,
                origin_public_id=entry.public_id,
                innovation_name=entry.name,
                message=message.strip(),
                created_by=actor,
                expires_at=timezone.now()
                + timedelta(days=settings.REPLICATION_REQUEST_EXPIRY_DAYS),
            )
            try:
                with transaction.atomic():
                    request.save()
            except IntegrityError as exc:
                raise ValidationError(
                    _(
                        "Daerah Anda sudah memiliki permohonan yang masih berjalan untuk inovasi ini."
                    )
                ) from exc
            event = _event(request, "submit", "", RequestStatus.SUBMITTED, actor, region, message)
            _attach(request, event, actor, [("surat_minat", letter)], stored)
            _after_commit_notify(request, "submit", region)
    except Exception:
        _discard(stored)
        raise
    return request


def request_transition(
    name: str,
    *,
    request: ReplicationRequest,
    actor: User | None,
    region: Region | None,
    data: dict[str, Any] | None = None,
    documents: list[tuple[str, UploadedFile]] = (),
) -> ReplicationRequest:
    """Fire transition `name`, acting for `region` (None with actor None: the system). The row
    is locked first, so of two people acting at once exactly one succeeds."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError(_("Tindakan tidak dikenal."))
    data = data or {}
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = ReplicationRequest.objects.select_for_update().get(pk=request.pk)
            if transition.side == SYSTEM:
                if actor is not None:
                    raise PermissionDenied
            elif not may_act(actor, region, locked, transition.side):
                raise PermissionDenied
            if locked.status not in transition.sources:
                raise TransitionError(
                    _(
                        'Permohonan ini sudah berstatus "%(status)s"; tindakan "%(action)s" tidak dapat dilakukan lagi. Muat ulang halaman untuk melihat keadaan terbaru.'
                    )
                    % {"status": locked.get_status_display(), "action": transition.label}
                )
            note = (data.get("note") or "").strip()
            _check_needs(transition, data, documents, note)
            old = locked.status
            for key in TRANSITION_FIELDS:
                if key in data and data[key] not in (None, ""):
                    setattr(locked, key, data[key])
            target = transition.target
            if name == "decline":
                locked.decline_reason = note
            if name == "confirm":
                side = side_of(region, locked)
                if _already_confirmed(locked, side):
                    raise TransitionError(_("Pihak Anda sudah mengonfirmasi."))
                stamp = timezone.now()
                if side == REQUESTER:
                    locked.requester_confirmed_at = stamp
                else:
                    locked.origin_confirmed_at = stamp
                if not (locked.requester_confirmed_at and locked.origin_confirmed_at):
                    target = old  # waiting for the other side
            if name == "start_implementation":
                from replication.requests.replica import create_replica

                replica = create_replica(locked, actor=actor, opd_id=int(data["opd_id"]))
                locked.replica_innovation_id = replica.pk
                locked.replica_name = replica.name
            locked.status = target
            locked.save()
            event = _event(locked, name, old, target, actor, region, note, _event_data(data))
            _attach(locked, event, actor, documents, stored)
            if name == "record_agreement":
                from replication.requests.credit import credit_origin

                credit_origin(locked, event)
            _after_commit_notify(locked, name, region)
    except Exception:
        _discard(stored)
        raise
    return locked


def expire_overdue(now=None) -> int:
    """Expire unanswered requests whose time ran out; returns how many."""
    now = now or timezone.now()
    expired = 0
    overdue = ReplicationRequest.objects.filter(
        status=RequestStatus.SUBMITTED, expires_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        try:
            request_transition(
                "expire",
                request=ReplicationRequest(pk=pk),
                actor=None,
                region=None,
                data={"note": _("Tidak dijawab sampai batas waktu.")},
            )
            expired += 1
        except TransitionError:
            continue  # answered meanwhile
    return expired


def _check_needs(transition, data, documents, note: str) -> None:
    errors: dict[str, str] = {}
    for key in transition.needs:
        value = note if key == "note" else data.get(key)
        if value in (None, ""):
            errors[key] = _("Wajib diisi untuk langkah ini.")
    if (
        "agreement_kind" in transition.needs
        and data.get("agreement_kind")
        and (data["agreement_kind"] not in AgreementKind.values)
    ):
        errors["agreement_kind"] = _("Jenis kesepakatan tidak dikenal.")
    kinds = {kind for kind, _upload in documents}
    for kind in transition.documents:
        if kind not in kinds:
            errors[f"document_{kind}"] = _("Lampirkan dokumennya.")
    if errors:
        raise ValidationError(errors)


def _event_data(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: str(value)
        for key, value in data.items()
        if key in TRANSITION_FIELDS and value not in (None, "")
    }


def _event(request, action, old, new, actor, region, note, data=None) -> RequestEvent:
    known = actor is not None and actor.is_authenticated
    return RequestEvent.objects.create(
        request=request,
        action=action,
        from_status=old,
        to_status=new,
        actor=actor if known else None,
        actor_name=(actor.get_full_name() or actor.email) if known else _("sistem"),
        actor_region=region,
        note=note,
        data=data or {},
    )


def _attach(request, event, actor, documents, stored: list[str]) -> None:
    for kind, upload in documents:
        checked = check_upload(upload, DOCUMENT_TYPES)
        document = RequestDocument(
            request=request,
            event=event,
            kind=kind,
            original_name=upload.name[:255],
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        document.file.save(upload.name, upload, save=False)
        stored.append(document.file.name)
        document.save()


def _discard(stored: list[str]) -> None:
    storage = RequestDocument.file.field.storage
    for name in stored:
        storage.delete(name)


def _after_commit_notify(request: ReplicationRequest, action: str, region: Region | None) -> None:
    from replication.notifications.services import notify_request_step

    transaction.on_commit(
        lambda: notify_request_step(request.pk, action, region.pk if region else None)
    )
