"""The verification workflow of an innovation's yearly report.

    draft ──submit──▶ submitted ──verify──▶ verified
                 ▲        │                    │
                 └submit─ returned ◀──return───┘ (reopen)
                              ▲        │
                              └────────┘ return (with notes)

Transitions are data (TRANSITIONS): who may fire them and from which states. Each runs with the
report row locked, so two people clicking at once cannot both move it; the second gets a clear
message that the report already moved."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import tenant_context

from accounts.policy import Action, can, require
from core import workflow as core_workflow
from core.workflow import StaleState
from tenants.assessment.blockers import verification_blockers
from tenants.assessment.models import (
    Evidence,
    EvidenceStatus,
    Report,
    ReportStatus,
    ReviewNote,
)
from tenants.history.models import Change
from tenants.history.services import record_change
from tenants.innovations.validation import completeness_gaps

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

S = ReportStatus


@dataclass(frozen=True)
class Transition(core_workflow.Transition):
    action: Action  # who may take it (on the report's OPD)


TRANSITIONS: core_workflow.Workflow[Transition] = core_workflow.Workflow(
    (
        Transition(
            "submit",
            gettext_lazy("Ajukan"),
            frozenset({S.DRAFT, S.RETURNED}),
            S.SUBMITTED,
            Action.EDIT_INNOVATION,
        ),
        Transition(
            "return",
            gettext_lazy("Kembalikan"),
            frozenset({S.SUBMITTED}),
            S.RETURNED,
            Action.VERIFY_INNOVATION,
        ),
        Transition(
            "verify",
            gettext_lazy("Verifikasi"),
            frozenset({S.SUBMITTED}),
            S.VERIFIED,
            Action.VERIFY_INNOVATION,
        ),
        Transition(
            "reopen",
            gettext_lazy("Buka kembali"),
            frozenset({S.VERIFIED}),
            S.RETURNED,
            Action.VERIFY_INNOVATION,
        ),
    )
)


class TransitionError(ValidationError):
    """The transition is not possible from the report's current state."""


class StaleTransitionError(TransitionError, StaleState):
    """The report's status does not allow the transition (any more)."""


def allowed_transitions(user: User | None, region: Region, report: Report) -> list[Transition]:
    """The transitions `user` may fire on `report` now (for buttons and the API)."""
    return [
        t
        for t in TRANSITIONS.possible_from(report.status)
        if can(user, t.action, region, opd_id=report.innovation.opd_id)
    ]


def _begin(region: Region, actor: User | None, report: Report, name: str) -> Report:
    transition = TRANSITIONS[name]
    locked = Report.objects.select_for_update().select_related("innovation").get(pk=report.pk)
    if actor is not None:
        require(actor, transition.action, region, opd_id=locked.innovation.opd_id)
    if locked.status not in transition.sources:
        raise StaleTransitionError(
            _('Laporan ini berstatus %(status)s; tindakan "%(action)s" tidak dapat dilakukan.')
            % {"status": locked.get_status_display().lower(), "action": transition.label}
        )
    return locked


def _finish(
    region: Region, actor: User | None, report: Report, name: str, old: str, summary: str
) -> Report:
    report.status = TRANSITIONS[name].target
    report.save()
    record_change(
        region=region,
        actor=actor,
        subject=Change.Subject.REPORT,
        action=name,
        innovation=report.innovation,
        year=report.year,
        subject_id=report.pk,
        summary=summary,
        changes={"status": [old, report.status]},
    )
    return report


def report_submit(*, region: Region, actor: User | None, report: Report) -> Report:
    with transaction.atomic():
        report = _begin(region, actor, report, "submit")
        gaps = completeness_gaps(vars(report.innovation))
        if gaps:
            raise ValidationError(
                {
                    field: _("%(message)s (wajib sebelum diajukan)") % {"message": message}
                    for field, message in gaps.items()
                }
            )
        old = report.status
        # Submitting again answers the verifier's open notes: they are marked, not removed.
        ReviewNote.objects.filter(report=report, resolved_at__isnull=True).update(
            resolved_at=timezone.now()
        )
        report.submission_count += 1
        report.submitted_at = timezone.now()
        report.submitted_by_id = actor.pk if actor is not None else None
        return _finish(
            region,
            actor,
            report,
            "submit",
            old,
            _("Diajukan untuk verifikasi (pengajuan ke-%(n)d)") % {"n": report.submission_count},
        )


def report_return(
    *,
    region: Region,
    actor: User | None,
    report: Report,
    notes: Iterable[tuple[str, str]],
) -> Report:
    """Return a submitted report to its OPD with notes [(target, message)]; target is a profile
    field name, an indicator code, or "" for the report as a whole."""
    notes = [(target.strip(), message.strip()) for target, message in notes if message.strip()]
    if not notes:
        raise ValidationError({"notes": _("Tuliskan sekurangnya satu catatan untuk OPD.")})
    with transaction.atomic():
        report = _begin(region, actor, report, "return")
        old = report.status
        name = (actor.get_full_name() or actor.email) if actor is not None else ""
        ReviewNote.objects.bulk_create(
            ReviewNote(
                report=report,
                target=target[:40],
                message=message,
                round=report.submission_count,
                created_by_id=actor.pk if actor is not None else None,
                created_by_name=name,
            )
            for target, message in notes
        )
        _stamp_review(report, actor)
        return _finish(
            region,
            actor,
            report,
            "return",
            old,
            _("Dikembalikan dengan %(n)d catatan") % {"n": len(notes)},
        )


def report_verify(*, region: Region, actor: User | None, report: Report) -> Report:
    """Verify a submitted report: its evidence not rejected is accepted with it."""
    with transaction.atomic():
        report = _begin(region, actor, report, "verify")
        blockers = verification_blockers(report)
        if blockers:
            raise ValidationError(
                _("Belum dapat diverifikasi: %(reasons)s Kembalikan ke OPD dengan catatan.")
                % {"reasons": " ".join(blockers)}
            )
        old = report.status
        accepted = Evidence.objects.filter(
            answer__report=report, status=EvidenceStatus.PENDING
        ).update(
            status=EvidenceStatus.ACCEPTED,
            reviewed_by_id=actor.pk if actor is not None else None,
            reviewed_at=timezone.now(),
        )
        _stamp_review(report, actor)
        return _finish(
            region,
            actor,
            report,
            "verify",
            old,
            _("Terverifikasi; %(n)d bukti dukung diterima") % {"n": accepted},
        )


def report_reopen(*, region: Region, actor: User | None, report: Report, reason: str) -> Report:
    """Send a verified report back to its OPD for a correction; the reason becomes a note."""
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan membuka kembali laporan.")})
    with transaction.atomic():
        report = _begin(region, actor, report, "reopen")
        old = report.status
        ReviewNote.objects.create(
            report=report,
            message=reason.strip(),
            round=report.submission_count,
            created_by_id=actor.pk if actor is not None else None,
            created_by_name=(actor.get_full_name() or actor.email) if actor is not None else "",
        )
        _stamp_review(report, actor)
        return _finish(
            region, actor, report, "reopen", old, _("Dibuka kembali: %(r)s") % {"r": reason}
        )


def fire(
    name: str,
    *,
    region: Region,
    actor: User | None,
    report: Report,
    notes: Iterable[tuple[str, str]] = (),
    reason: str = "",
) -> Report:
    """Fire a transition by name in the region's schema (pages and the API share this entry
    point)."""
    with tenant_context(region):
        if name == "submit":
            return report_submit(region=region, actor=actor, report=report)
        if name == "return":
            return report_return(region=region, actor=actor, report=report, notes=notes)
        if name == "verify":
            return report_verify(region=region, actor=actor, report=report)
        if name == "reopen":
            return report_reopen(region=region, actor=actor, report=report, reason=reason)
    raise TransitionError(_("Tindakan tidak dikenal."))


def _stamp_review(report: Report, actor: User | None) -> None:
    report.reviewed_at = timezone.now()
    report.reviewed_by_id = actor.pk if actor is not None else None
