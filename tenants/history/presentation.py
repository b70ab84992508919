"""How a recorded change reads to people: field names instead of keys, labels instead of stored
codes ("submitted" -> "Diajukan"), empty values as a dash. Used by the history pages, the
innovation page's history block and the exports, so all of them say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from tenants.assessment.models import Answer, EvidenceStatus, ReportStatus
from tenants.history.models import Change
from tenants.ideas.models import Idea, IdeaStatus
from tenants.innovations.models import Form, Initiator, Innovation, Stage
from tenants.lab.models import LabProject
from tenants.organization.models import Facilitator, OpdUnit
from tenants.publishing.models import Publication

if TYPE_CHECKING:
    from django.db.models import Model

EMPTY = "—"

ACTION_LABELS: dict[str, object] = {
    "created": gettext_lazy("Dibuat"),
    "updated": gettext_lazy("Diubah"),
    "deleted": gettext_lazy("Dihapus"),
    "answered": gettext_lazy("Dijawab"),
    "evidence_added": gettext_lazy("Bukti ditambahkan"),
    "evidence_removed": gettext_lazy("Bukti dihapus"),
    "evidence_reviewed": gettext_lazy("Bukti diperiksa"),
    "submit": gettext_lazy("Diajukan"),
    "return": gettext_lazy("Dikembalikan"),
    "verify": gettext_lazy("Diverifikasi"),
    "reopen": gettext_lazy("Dibuka kembali"),
    "carried_over": gettext_lazy("Dilaporkan untuk tahun baru"),
    "created_from_call": gettext_lazy("Dibuat dari sayembara"),
    "created_from_lab": gettext_lazy("Dibuat dari laboratorium inovasi"),
    "published": gettext_lazy("Dipublikasikan untuk replikasi"),
    "publication_updated": gettext_lazy("Publikasi diubah"),
    "unpublished": gettext_lazy("Publikasi dicabut"),
    "publication_document_added": gettext_lazy("Dokumen replikasi ditambahkan"),
    "publication_document_removed": gettext_lazy("Dokumen replikasi dihapus"),
}

# Stored codes of choice fields, per field name, shown by their label.
_CHOICES: dict[str, dict[str, object]] = {
    "stage": dict(Stage.choices),
    "form": dict(Form.choices),
    "initiator": dict(Initiator.choices),
    "role": dict(Role.choices),  # a member's
}
_STATUS_CHOICES: dict[str, dict[str, object]] = {
    Change.Subject.REPORT: dict(ReportStatus.choices),
    Change.Subject.EVIDENCE: dict(EvidenceStatus.choices),
    Change.Subject.IDEA: dict(IdeaStatus.choices),
}
_OTHER_LABELS: dict[str, object] = {
    "status": gettext_lazy("status"),
    "note": gettext_lazy("catatan"),
    "opd_id": gettext_lazy("OPD"),
}


@dataclass(frozen=True)
class ChangeRow:
    field: str
    label: str
    old: str
    new: str


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def field_label(subject: str, field: str) -> str:
    models: dict[str, type[Model]] = {
        Change.Subject.INNOVATION: Innovation,
        Change.Subject.ANSWER: Answer,
        Change.Subject.OPD_UNIT: OpdUnit,
        Change.Subject.FACILITATOR: Facilitator,
        Change.Subject.IDEA: Idea,
        Change.Subject.LAB_PROJECT: LabProject,
        Change.Subject.PUBLICATION: Publication,
    }
    model = models.get(subject)
    if model is not None:
        try:
            model_field = model._meta.get_field(field)
        except FieldDoesNotExist:
            pass
        else:
            if isinstance(model_field, Field):  # not a reverse relation (no verbose_name)
                return str(model_field.verbose_name)
    return str(_OTHER_LABELS.get(field, field))


def display_value(subject: str, field: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    choices = _STATUS_CHOICES.get(subject, {}) if field == "status" else _CHOICES.get(field, {})
    return str(choices.get(value, value))


def change_rows(change: Change) -> list[ChangeRow]:
    """The change's {field: [old, new]} as rows to show."""
    rows = []
    for field, pair in (change.changes or {}).items():
        old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        rows.append(
            ChangeRow(
                field,
                field_label(change.subject, field),
                display_value(change.subject, field, old),
                display_value(change.subject, field, new),
            )
        )
    return rows


def changes_text(change: Change) -> str:
    """One line for exports: "tahapan: Uji coba → Penerapan; nama inovasi: A → B"."""
    return "; ".join(f"{row.label}: {row.old} → {row.new}" for row in change_rows(change))
