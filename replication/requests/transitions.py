"""The replication request state machine, as data.

diajukan ─accept─▶ diterima ─schedule_visit─▶ kunjungan_dijadwalkan ─complete_visit─▶
kunjungan_dicatat ─confirm_visit (the other side)─▶ kunjungan_selesai ─record_agreement─▶
kesepakatan_dicatat ─confirm_agreement (the other side)─▶ kesepakatan ─start_implementation─▶
implementasi ─confirm (both sides)─▶ selesai
kunjungan_dicatat ─return_visit─▶ kunjungan_dijadwalkan;
kesepakatan_dicatat ─return_agreement─▶ kunjungan_selesai (the other side disputes the record);
diajukan ─decline─▶ ditolak;  any open state ─cancel (requester)─▶ dibatalkan;
diajukan ─expire (system, after REPLICATION_REQUEST_EXPIRY_DAYS)─▶ kedaluwarsa

The visit and the agreement are facts about both regions, so neither stands on one side's word:
whichever side records them, the other confirms (or returns the record with a note). Credit
reaches the origin only from the confirmed agreement.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core import workflow as core_workflow
from replication.requests.models import CLOSED_STATUSES, RequestStatus

S = RequestStatus
REQUESTER, ORIGIN, EITHER, SYSTEM = "requester", "origin", "either", "system"
# The side that did not record the step awaiting confirmation (request.recorded_by).
COUNTERPART = "counterpart"
OPEN_STATUSES = frozenset(S.values) - CLOSED_STATUSES


@dataclass(frozen=True)
class Transition(core_workflow.Transition):
    side: str  # whose admins may fire it: REQUESTER, ORIGIN, EITHER, COUNTERPART or SYSTEM
    needs: tuple[str, ...] = ()  # fields the step must provide
    documents: tuple[str, ...] = ()  # document kinds the step must carry (at least one each)
    optional: tuple[str, ...] = ()  # fields the step may provide
    optional_documents: tuple[str, ...] = ()  # further document kinds the step may carry
    # The step records a fact about both regions; the other side confirms or returns it.
    awaits_counterpart: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field the step takes (besides the note); anything else sent with it is ignored."""
        return tuple(key for key in (*self.needs, *self.optional) if key != "note")

    @property
    def document_kinds(self) -> tuple[str, ...]:
        return (*self.documents, *self.optional_documents)


TRANSITIONS: core_workflow.Workflow[Transition] = core_workflow.Workflow(
    (
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
            S.VISIT_RECORDED,
            EITHER,
            needs=("visit_date", "visit_participants"),
            documents=("visit_minutes",),
            optional_documents=("visit_photo",),
            awaits_counterpart=True,
        ),
        Transition(
            "confirm_visit",
            _("Konfirmasi kunjungan"),
            frozenset({S.VISIT_RECORDED}),
            S.VISIT_DONE,
            COUNTERPART,
            optional_documents=("visit_photo", "other"),
        ),
        Transition(
            "return_visit",
            _("Kembalikan catatan kunjungan"),
            frozenset({S.VISIT_RECORDED}),
            S.VISIT_SCHEDULED,
            COUNTERPART,
            needs=("note",),
        ),
        Transition(
            "record_agreement",
            _("Catat kesepakatan"),
            frozenset({S.VISIT_DONE}),
            S.AGREEMENT_RECORDED,
            EITHER,
            needs=("agreement_kind", "agreement_number", "agreement_signed_on"),
            documents=("agreement",),
            optional=("agreement_valid_until", "reverse_entry"),
            awaits_counterpart=True,
        ),
        Transition(
            "confirm_agreement",
            _("Konfirmasi kesepakatan"),
            frozenset({S.AGREEMENT_RECORDED}),
            S.AGREEMENT,
            COUNTERPART,
            optional_documents=("other",),
        ),
        Transition(
            "return_agreement",
            _("Kembalikan catatan kesepakatan"),
            frozenset({S.AGREEMENT_RECORDED}),
            S.VISIT_DONE,
            COUNTERPART,
            needs=("note",),
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
)
