"""Small display helpers of the replication pages (no rules: only how a status looks and where
a catalog entry lives)."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from replication.requests.models import RequestStatus

register = template.Library()

# Reuse the colours of the verification badges (core's lumbung.css): waiting, moving, done, ended.
TONES: dict[str, str] = {
    RequestStatus.SUBMITTED: "status-submitted",
    RequestStatus.ACCEPTED: "status-draft",
    RequestStatus.VISIT_SCHEDULED: "status-draft",
    RequestStatus.VISIT_RECORDED: "status-submitted",
    RequestStatus.VISIT_DONE: "status-draft",
    RequestStatus.AGREEMENT_RECORDED: "status-submitted",
    RequestStatus.AGREEMENT: "status-verified",
    RequestStatus.IMPLEMENTATION: "status-verified",
    RequestStatus.COMPLETED: "status-verified",
    RequestStatus.DECLINED: "status-returned",
    RequestStatus.CANCELLED: "status-returned",
    RequestStatus.EXPIRED: "status-returned",
}


@register.filter
def status_tone(status: str) -> str:
    return TONES.get(status, "status-draft")


@register.simple_tag
def catalog_entry_url(public_id: object) -> str:
    """The catalog page of an entry, or "" when there is none to link."""
    if not public_id:
        return ""
    try:
        return reverse("catalog:detail", args=[public_id])
    except NoReverseMatch:  # the catalog pages are not mounted on this site
        return ""


@register.filter
def action_label(action: str) -> str:
    """How a timeline step reads: the transition's label (or the request's submission)."""
    from django.utils.translation import gettext as _

    from replication.requests.transitions import TRANSITIONS

    if action == "submit":
        return _("Ajukan permohonan")
    if action == "shared_agreement":
        return _("Kesepakatan dua arah")
    transition = TRANSITIONS.get(action)
    return str(transition.label) if transition else action


@register.filter
def status_label(status: str) -> str:
    try:
        return str(RequestStatus(status).label)
    except ValueError:
        return status


@register.filter
def event_details(data: dict) -> list[tuple[str, str]]:
    """The recorded fields of a step as (label, value) rows, in a stable order."""
    from django.utils.translation import gettext as _

    from replication.requests.models import AgreementKind

    labels = {
        "visit_date": _("Tanggal kunjungan"),
        "visit_participants": _("Peserta"),
        "agreement_kind": _("Jenis kesepakatan"),
        "agreement_number": _("Nomor"),
        "agreement_signed_on": _("Ditandatangani"),
        "agreement_valid_until": _("Berlaku sampai"),
        "reverse_innovation": _("Juga direplikasi balik"),
        "credited_level": _("Kredit replikasi (level)"),
        "credit_year": _("Dihitung pada laporan tahun"),
        "credit_not_counted": _("Tidak dihitung (tahun penilaian sudah ditutup)"),
        "replicating_regions": _("Daerah yang mereplikasi"),
        "replica_name": _("Inovasi replika"),
    }
    rows = []
    for key, label in labels.items():
        value = (data or {}).get(key)
        if value in (None, ""):
            continue
        if key == "agreement_kind" and value in AgreementKind.values:
            value = AgreementKind(value).label
        elif key in DATE_KEYS:
            value = _day(value)
        rows.append((str(label), str(value)))
    return rows


DATE_KEYS = ("visit_date", "agreement_signed_on", "agreement_valid_until")


def _day(value: object) -> str:
    """An ISO date of the timeline as people read it ("23 November 2026")."""
    import datetime

    from django.utils.formats import date_format

    try:
        return date_format(datetime.date.fromisoformat(str(value)), "j F Y")
    except ValueError:
        return str(value)
