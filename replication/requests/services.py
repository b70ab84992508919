"""Replication requests between regions: creation and every transition, each audited in the
request's timeline. All rows live in the public schema; the two steps that reach into a region's
own data do it on purpose and say so: the replica is created in the requester's schema, and the
credit is written into the origin's schema (replication.requests.credit)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import Action, can
from core.errors import DuplicateError
from core.files import files_removed_on_failure
from core.workflow import StaleState
from replication.requests.models import (
    CLOSED_STATUSES,
    CREDITED_STATUSES,
    DocumentKind,
    ReplicationRequest,
    RequestDocument,
    RequestEvent,
    RequestStatus,
)
from replication.requests.transitions import (
    COUNTERPART,
    EITHER,
    ORIGIN,
    REQUESTER,
    SYSTEM,
    TRANSITIONS,
)
from tenants.assessment.evidence_files import check_upload

if TYPE_CHECKING:
    from collections.abc import Sequence

    from accounts.models import User
    from regions.models import Region
    from replication.catalog.models import CatalogEntry
    from replication.requests.transitions import Transition

# Which files each kind of document may be: letters, minutes and agreements are documents (the
# agreement becomes the origin's SID evidence, which takes PDF only); visit photos are pictures.
DOCUMENT_TYPES: dict[str, tuple[str, ...]] = {
    DocumentKind.LETTER_OF_INTEREST: ("pdf",),
    DocumentKind.VISIT_MINUTES: ("pdf",),
    DocumentKind.VISIT_PHOTO: ("jpg", "jpeg", "png"),
    DocumentKind.AGREEMENT: ("pdf",),
    DocumentKind.OTHER: ("pdf", "jpg", "jpeg", "png"),
}
# What the agreement says (a two-way agreement's other direction copies them), and with the
# choice of that other direction, what a returned agreement record clears.
AGREEMENT_TERMS = (
    "agreement_kind",
    "agreement_number",
    "agreement_signed_on",
    "agreement_valid_until",
)
AGREEMENT_FIELDS = (*AGREEMENT_TERMS, "reverse_entry")
TRANSITION_FIELDS = ("visit_date", "visit_participants", *AGREEMENT_FIELDS)


class TransitionError(ValidationError):
    """The step is not possible from the request's current state (often: someone else already
    moved it)."""


class StaleTransitionError(TransitionError, StaleState):
    """The request's status does not allow the step (any more)."""


def side_of(region: Region | None, request: ReplicationRequest) -> str | None:
    if region is None:
        return None
    if region.pk == request.requester_id:
        return REQUESTER
    if region.pk == request.origin_id:
        return ORIGIN
    return None


def may_act(
    user: User | None, region: Region | None, request: ReplicationRequest, transition: Transition
) -> bool:
    """May `user`, working in `region`, take `transition` on the request? COUNTERPART steps
    belong to the side that did not record the visit or agreement awaiting confirmation; while
    the request is not awaiting one, either side qualifies, so a step that is no longer possible
    is answered as such rather than as refused."""
    own = side_of(region, request)
    if own is None or not can(user, Action.MANAGE_REPLICATION, region):
        return False
    if transition.side == COUNTERPART:
        return request.status not in transition.sources or own != request.recorded_by
    return transition.side in (EITHER, own)


def allowed_transitions(
    user: User | None, region: Region | None, request: ReplicationRequest
) -> list[Transition]:
    if request.paused_by is not None:
        return []
    side = side_of(region, request)
    return [
        transition
        for transition in TRANSITIONS.possible_from(request.status)
        if transition.side != SYSTEM
        and may_act(user, region, request, transition)
        # Each side confirms the end once.
        and not (transition.name == "confirm" and _already_confirmed(request, side))
    ]


def _already_confirmed(request: ReplicationRequest, side: str | None) -> bool:
    """Has `side` (a party to the request) confirmed its end already?"""
    stamp = request.requester_confirmed_at if side == REQUESTER else request.origin_confirmed_at
    return stamp is not None


def open_request_for(region: Region, entry: CatalogEntry) -> ReplicationRequest | None:
    """The region's request for this entry's innovation that is still running, if any."""
    return (
        ReplicationRequest.objects.filter(
            requester=region,
            origin_id=entry.region_id,
            origin_innovation_id=entry.innovation_id,
        )
        .exclude(status__in=CLOSED_STATUSES)
        .first()
    )


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
    from regions.models import Region

    # Read now, not from the objects the caller holds: a region may have closed since.
    closed = Region.objects.filter(pk__in=[region.pk, entry.region_id], is_active=False).first()
    if closed is not None:
        raise ValidationError(
            _(
                "%(region)s sedang tidak aktif di Lumbung Inovasi; permohonan replikasi tidak dapat diajukan."
            )
            % {"region": closed.display_name}
        )
    if letter is None:
        raise ValidationError({"letter": _("Lampirkan surat permohonan/minat replikasi.")})
    _check_document(DocumentKind.LETTER_OF_INTEREST, letter, field="letter")
    with files_removed_on_failure() as stored, transaction.atomic():
        request = ReplicationRequest(
            requester=region,
            origin_id=entry.region_id,
            entry=entry,
            origin_innovation_id=entry.innovation_id,
            origin_public_id=entry.public_id,
            innovation_name=entry.name,
            message=message.strip(),
            created_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.REPLICATION_REQUEST_EXPIRY_DAYS),
        )
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as exc:
            raise DuplicateError(
                _("Daerah Anda sudah memiliki permohonan yang masih berjalan untuk inovasi ini.")
            ) from exc
        event = _event(
            request, "submit", "", RequestStatus.SUBMITTED, actor, region, request.message
        )
        _attach(request, event, actor, [(DocumentKind.LETTER_OF_INTEREST, letter)], stored)
        _notify(event)
    return request


def request_transition(
    name: str,
    *,
    request: ReplicationRequest,
    actor: User | None,
    region: Region | None,
    data: dict[str, Any] | None = None,
    documents: Sequence[tuple[str, UploadedFile]] = (),
) -> ReplicationRequest:
    """Fire transition `name`, acting for `region` (None with actor None: the system). The row
    is locked first, so of two people acting at once exactly one succeeds."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError(_("Tindakan tidak dikenal."))
    data = data or {}
    documents = list(documents)
    with files_removed_on_failure() as stored, transaction.atomic():
        locked = ReplicationRequest.objects.select_for_update().get(pk=request.pk)
        if transition.side == SYSTEM:
            if actor is not None:
                raise PermissionDenied
        elif not may_act(actor, region, locked, transition):
            raise PermissionDenied
        paused_by = locked.paused_by
        if paused_by is not None and transition.side != SYSTEM:
            raise TransitionError(paused_message(paused_by))
        if locked.status not in transition.sources:
            raise StaleTransitionError(
                _(
                    'Permohonan ini sudah berstatus "%(status)s"; tindakan "%(action)s" tidak dapat dilakukan lagi.'
                )
                % {"status": locked.get_status_display(), "action": transition.label}
            )
        note = (data.get("note") or "").strip()
        values = _clean_step(transition, locked, data, documents, note)
        old = locked.status
        for key, value in values.items():
            if key in TRANSITION_FIELDS:
                # The reverse entry arrives as its row id (checked by _clean_value).
                setattr(locked, "reverse_entry_id" if key == "reverse_entry" else key, value)
        target = transition.target
        if name == "decline":
            locked.decline_reason = note
        if transition.awaits_counterpart:
            locked.recorded_by = side_of(region, locked) or ""
        elif transition.side == COUNTERPART:
            locked.recorded_by = ""
        if name == "return_visit":
            locked.visit_participants = ""
        elif name == "return_agreement":
            # The record was disputed: it stays in the timeline, not on the request.
            for key in AGREEMENT_FIELDS:
                setattr(locked, key, _own_field(key).get_default())
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

            replica = create_replica(locked, actor=actor, opd_id=values["opd_id"])
            locked.replica_innovation_id = replica.pk
            locked.replica_name = replica.name
        locked.status = target
        locked.save()
        event_data = _event_data(values)
        if name == "record_agreement" and locked.reverse_entry is not None:
            event_data["reverse_innovation"] = locked.reverse_entry.name
        if name == "start_implementation":
            event_data["replica_name"] = locked.replica_name
        event = _event(locked, name, old, target, actor, region, note, event_data)
        _attach(locked, event, actor, documents, stored)
        if name == "confirm_agreement":
            # Both sides now stand behind the agreement: the origin is credited, and a two-way
            # agreement credits the other direction too.
            from replication.requests.credit import credit_origin

            credit_origin(locked, event)
            if locked.reverse_entry_id is not None:
                _agree_other_direction(locked, actor, region)
        elif name == "cancel" and old in CREDITED_STATUSES:
            # The cooperation stopped after its agreement: the origin no longer counts it.
            from replication.requests.credit import withdraw_credit

            withdraw_credit(locked, event)
        _notify(event)
    return locked


def expire_overdue(now: datetime | None = None) -> int:
    """Expire unanswered requests whose time ran out; returns how many."""
    now = now or timezone.now()
    expired = 0
    # A request held up by a closed region does not run out meanwhile.
    overdue = ReplicationRequest.objects.filter(
        status=RequestStatus.SUBMITTED,
        expires_at__lte=now,
        requester__is_active=True,
        origin__is_active=True,
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
        except TransitionError:
            pass  # answered meanwhile: the others still run out
        else:
            expired += 1
    return expired


def paused_message(region: Region) -> str:
    return _(
        "Permohonan ini ditangguhkan: %(region)s sedang tidak aktif di Lumbung Inovasi. Langkah berikutnya dapat dilakukan setelah daerah itu aktif kembali."
    ) % {"region": region.display_name}


def _clean_step(
    transition: Transition,
    request: ReplicationRequest,
    data: dict[str, Any],
    documents: list[tuple[str, UploadedFile]],
    note: str,
) -> dict[str, Any]:
    """The step's own fields, checked and converted (dates from text, lengths, choices); every
    problem is reported at once, by field. Fields the step does not take are ignored, so an
    "accept" cannot slip in an agreement number."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    if "note" in transition.needs and not note:
        errors["note"] = [_("Wajib diisi untuk langkah ini.")]
    for key in transition.fields:
        raw = data.get(key)
        if isinstance(raw, str):
            raw = raw.strip()
        if raw in (None, ""):
            if key in transition.needs:
                errors[key] = [_("Wajib diisi untuk langkah ini.")]
            continue
        try:
            values[key] = _clean_value(key, raw, request)
        except ValidationError as exc:
            errors[key] = exc.messages
    signed, until = values.get("agreement_signed_on"), values.get("agreement_valid_until")
    if signed and until and until < signed:
        errors["agreement_valid_until"] = [
            _("Tanggal berlaku sampai tidak boleh sebelum tanggal penandatanganan.")
        ]
    if (
        transition.name == "complete_visit"
        and values.get("visit_date")
        and values["visit_date"] > timezone.localdate()
    ):
        errors["visit_date"] = [_("Kunjungan yang sudah selesai tidak bertanggal di masa depan.")]
    if signed and signed > timezone.localdate():
        errors["agreement_signed_on"] = [
            _("Kesepakatan yang dicatat tidak bertanggal di masa depan.")
        ]
    if values.get("reverse_entry") is not None:
        problem = _reverse_direction_problem(request, values["reverse_entry"])
        if problem:
            errors["reverse_entry"] = [problem]
    kinds = {kind for kind, _upload in documents}
    for kind in transition.documents:
        if kind not in kinds:
            errors[kind] = [_("Lampirkan dokumennya.")]
    for kind, upload in documents:
        if kind not in transition.document_kinds:
            errors[kind] = [_("Langkah ini tidak menerima dokumen jenis ini.")]
            continue
        try:
            _check_document(kind, upload, field=kind)
        except ValidationError as exc:
            errors.setdefault(kind, []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return values


def _clean_value(key: str, raw: Any, request: ReplicationRequest) -> Any:
    if key == "reverse_entry":
        from replication.catalog.models import CatalogEntry

        # The pages send the entry's row id, the API its public id.
        entries = CatalogEntry.objects.filter(region_id=request.requester_id)
        entry = None
        if str(raw).isdigit():
            entry = entries.filter(pk=int(raw)).first()
        else:
            try:
                entry = entries.filter(public_id=UUID(str(raw))).first()
            except ValueError:
                entry = None
        if entry is None:
            raise ValidationError(
                _("Pilih inovasi %(region)s yang terbit di katalog.")
                % {"region": request.requester.display_name}
            )
        return entry.pk
    if key == "opd_id":
        try:
            return int(raw)
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Pilih OPD pelaksana replikasi di daerah Anda.")) from exc
    # The model field converts dates (from text, a date or a datetime) and checks lengths and
    # choices, with its own messages.
    return _own_field(key).clean(raw, request)


def _own_field(name: str) -> Field:
    field = ReplicationRequest._meta.get_field(name)
    assert isinstance(field, Field)  # the request's own columns are asked for, no reverse relation
    return field


def _reverse_direction_problem(request: ReplicationRequest, entry_id: int) -> str:
    from replication.catalog.models import CatalogEntry

    entry = CatalogEntry.objects.get(pk=entry_id)
    # The entry is the requester's own (checked by _clean_value): the origin asking for it.
    other = open_request_for(request.origin, entry)
    if other is not None and other.status in CREDITED_STATUSES:
        return _("%(region)s sudah memiliki kesepakatan sendiri untuk mereplikasi %(name)s.") % {
            "region": request.origin.display_name,
            "name": entry.name,
        }
    return ""


def _agree_other_direction(
    request: ReplicationRequest, actor: User | None, region: Region | None
) -> None:
    """A two-way agreement was confirmed: the origin replicates the requester's innovation
    under it. Its open request the other way (if any) reaches the agreement; otherwise one is
    opened there. It shares this request's agreement and document and is credited like it."""
    from replication.requests.credit import credit_origin

    entry = request.reverse_entry
    if entry is None:  # unpublished since it was chosen: nothing to replicate under it
        return
    other = open_request_for(request.origin, entry)
    if other is not None:
        other = ReplicationRequest.objects.select_for_update().get(pk=other.pk)
        if other.status in CREDITED_STATUSES:
            return  # agreed on its own meanwhile
        old = other.status
    else:
        old = ""
        other = ReplicationRequest(
            requester_id=request.origin_id,
            origin_id=request.requester_id,
            entry=entry,
            origin_innovation_id=entry.innovation_id,
            origin_public_id=entry.public_id,
            innovation_name=entry.name,
            created_by=actor,  # the confirming admin: a person always takes this step
        )
    for key in ("visit_date", "visit_participants", *AGREEMENT_TERMS):
        setattr(other, key, getattr(request, key))
    other.agreement_request = request
    other.recorded_by = ""
    other.status = RequestStatus.AGREEMENT
    other.save()
    event = _event(
        other,
        "shared_agreement",
        old,
        RequestStatus.AGREEMENT,
        actor,
        region,
        _("Kesepakatan dua arah, dicatat dan dikonfirmasi bersama permohonan replikasi %(name)s.")
        % {"name": request.innovation_name},
        _event_data({key: getattr(request, key) for key in AGREEMENT_TERMS}),
    )
    credit_origin(other, event)
    _notify(event)


def _check_document(kind: str, upload: UploadedFile, *, field: str) -> None:
    accepted = DOCUMENT_TYPES.get(kind)
    if accepted is None:
        raise ValidationError({field: _("Jenis dokumen tidak dikenal.")})
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in accepted:
        raise ValidationError(
            {
                field: _("%(kind)s harus berupa berkas %(types)s.")
                % {
                    "kind": DocumentKind(kind).label,
                    "types": "/".join(sorted({t.upper() for t in accepted} - {"JPEG"})),
                }
            }
        )
    try:
        check_upload(upload, accepted)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _event_data(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, date) else str(value)
        for key, value in values.items()
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
        checked = check_upload(upload, DOCUMENT_TYPES[kind])
        document = RequestDocument(
            request=request,
            event=event,
            kind=kind,
            original_name=PurePath(upload.name or "").name[:255],
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        document.file.save(upload.name, upload, save=False)
        assert document.file.name is not None  # the name the storage just saved it under
        stored.append(document.file.name)
        document.save()


def _notify(event: RequestEvent) -> None:
    """The other side hears about the step, and both regions' webhooks: recorded with it,
    applied after it commits."""
    from pipeline.services import record
    from webhooks.events import emit
    from webhooks.vocabulary import request_step_event

    record("notifications.request_step", target=event.pk)
    request = event.request
    data = {
        "request": request.pk,
        "step": event.action,
        "from_status": event.from_status,
        "status": request.status,
        "requester": request.requester.code,
        "origin": request.origin.code,
        "innovation_name": request.innovation_name,
        "catalog_entry": str(request.origin_public_id),
        "at": event.at.isoformat(),
    }
    for region in (request.requester, request.origin):
        emit(request_step_event(event.action), region=region, data=data)
