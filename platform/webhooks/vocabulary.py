"""The events a webhook may subscribe to: the one list, kept as data. Each says what happened,
and whether it is also an event of the public network (delivered to the subscriptions a platform
operator keeps for the whole network, not only to the region's own).

A replication request's steps are named after the request's actions (replication.requests
.transitions and the submission), mapped here to the event a receiver sees."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    name: str
    description: str | Promise
    network: bool = False  # also sent to the public network's subscriptions


TEST_EVENT = "webhook.test"

# The request's action (RequestEvent.action) -> the step's event name after "replication.request.".
REQUEST_STEPS: dict[str, str] = {
    "submit": "submitted",
    "accept": "accepted",
    "decline": "declined",
    "schedule_visit": "visit_scheduled",
    "complete_visit": "visit_recorded",
    "confirm_visit": "visit_confirmed",
    "return_visit": "visit_returned",
    "record_agreement": "agreement_recorded",
    "confirm_agreement": "agreement_confirmed",
    "return_agreement": "agreement_returned",
    "shared_agreement": "agreement_shared",
    "start_implementation": "implementation_started",
    "confirm": "completion_confirmed",
    "cancel": "cancelled",
    "expire": "expired",
}
_STEP_DESCRIPTIONS: dict[str, str | Promise] = {
    "submitted": _("Permohonan replikasi diajukan"),
    "accepted": _("Permohonan replikasi diterima daerah asal"),
    "declined": _("Permohonan replikasi ditolak daerah asal"),
    "visit_scheduled": _("Kunjungan dijadwalkan"),
    "visit_recorded": _("Kunjungan dicatat selesai, menunggu konfirmasi pihak lain"),
    "visit_confirmed": _("Catatan kunjungan dikonfirmasi"),
    "visit_returned": _("Catatan kunjungan dikembalikan"),
    "agreement_recorded": _("Kesepakatan dicatat, menunggu konfirmasi pihak lain"),
    "agreement_confirmed": _("Kesepakatan dikonfirmasi kedua pihak"),
    "agreement_returned": _("Catatan kesepakatan dikembalikan"),
    "agreement_shared": _("Kesepakatan dua arah membuka atau memajukan permohonan arah sebaliknya"),
    "implementation_started": _("Inovasi replika dibuat; implementasi dimulai"),
    "completion_confirmed": _("Satu pihak mengonfirmasi replikasi selesai"),
    "cancelled": _("Permohonan replikasi dibatalkan"),
    "expired": _("Permohonan replikasi kedaluwarsa karena tidak dijawab"),
}

EVENT_TYPES: tuple[EventType, ...] = (
    *(
        EventType(f"replication.request.{step}", _STEP_DESCRIPTIONS[step])
        for step in REQUEST_STEPS.values()
    ),
    EventType(
        "innovation.published",
        _("Inovasi dipublikasikan ke katalog replikasi nasional"),
        network=True,
    ),
    EventType(
        "innovation.unpublished",
        _("Inovasi ditarik dari katalog replikasi nasional"),
        network=True,
    ),
    EventType(
        "snapshot.changed",
        _(
            "Indeks atau predikat daerah pada potret indeks suatu tahun berubah setelah dihitung ulang"
        ),
        network=True,
    ),
)
EVENTS: dict[str, EventType] = {event.name: event for event in EVENT_TYPES}


def request_step_event(action: str) -> str:
    return f"replication.request.{REQUEST_STEPS[action]}"


def choices(*, network: bool) -> list[tuple[str, str]]:
    """The events a subscription may choose: a region's all of them, the public network's only
    those that are public."""
    return [
        (event.name, f"{event.name} — {event.description}")
        for event in EVENT_TYPES
        if event.network or not network
    ]


def describe_markdown() -> str:
    """The vocabulary as a Markdown list, in English (the API's operation descriptions)."""
    with translation.override("en"):
        lines = [
            f"- `{event.name}`{' (public network too)' if event.network else ''}: "
            f"{event.description}"
            for event in EVENT_TYPES
        ]
    return "\n".join([*lines, f'- `{TEST_EVENT}`: sent by "send a test event" only'])
