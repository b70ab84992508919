"""The replication request state machine, as data.

diajukan ─accept─▶ diterima ─schedule_visit─▶ kunjungan_dijadwalkan ─complete_visit─▶
kunjungan_selesai ─record_agreement─▶ kesepakatan ─start_implementation─▶ implementasi
─confirm (both sides)─▶ selesai
diajukan ─decline─▶ ditolak;  any open state ─cancel (requester)─▶ dibatalkan;
diajukan ─expire (system, after REPLICATION_REQUEST_EXPIRY_DAYS)─▶ kedaluwarsa
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from replication.requests.models import CLOSED_STATUSES, RequestStatus

S = RequestStatus
REQUESTER, ORIGIN, EITHER, SYSTEM = "requester", "origin", "either", "system"
OPEN_STATUSES = frozenset(S.values) - CLOSED_STATUSES


@dataclass(frozen=True)
class Transition:
    name: str
    label: object
    sources: frozenset[str]
    target: str
    side: str  # whose admins may fire it
    needs: tuple[str, ...] = ()  # fields the step must provide
    documents: tuple[str, ...] = ()  # document kinds the step must carry (at least one each)
    optional: tuple[str, ...] = ()  # fields the step may provide
    optional_documents: tuple[str, ...] = ()  # further document kinds the step may carry

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field the step takes (besides the note); anything else sent with it is ignored."""
        return tuple(key for key in (*self.needs, *self.optional) if key != "note")

    @property
    def document_kinds(self) -> tuple[str, ...]:
        return (*self.documents, *self.optional_documents)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("accept", _("Terima"), frozenset({S.SUBMITTED}), S.ACCEPTED, ORIGIN),
        Transition(
            "decline", _("Tolak"), frozenset({S.SUBMITTED}), S.DECLINED, ORIGIN, needs=("note",)
        ),
        Transition(
            "schedule_visit",
            _("Jadwalkan kunjungan"),
            frozenset({S.ACCEPTED}),
            S.VISIT_SCHEDULED,
            EITHER,
            needs=("visit_date",),
        ),
        Transition(
            "complete_visit",
            _("Catat kunjungan selesai"),
            frozenset({S.VISIT_SCHEDULED}),
            S.VISIT_DONE,
            EITHER,
            needs=("visit_date", "visit_participants"),
            documents=("notulen",),
            optional_documents=("foto",),
        ),
        Transition(
            "record_agreement",
            _("Catat kesepakatan"),
            frozenset({S.VISIT_DONE}),
            S.AGREEMENT,
            EITHER,
            needs=("agreement_kind", "agreement_number", "agreement_signed_on"),
            documents=("kesepakatan",),
            optional=("agreement_valid_until",),
        ),
        Transition(
            "start_implementation",
            _("Buat inovasi replika"),
            frozenset({S.AGREEMENT}),
            S.IMPLEMENTATION,
            REQUESTER,
            needs=("opd_id",),
        ),
        # Each side confirms once; the request is finished when both have.
        Transition(
            "confirm", _("Konfirmasi selesai"), frozenset({S.IMPLEMENTATION}), S.COMPLETED, EITHER
        ),
        Transition("cancel", _("Batalkan"), OPEN_STATUSES, S.CANCELLED, REQUESTER, needs=("note",)),
        Transition("expire", _("Kedaluwarsa"), frozenset({S.SUBMITTED}), S.EXPIRED, SYSTEM),
    )
}
