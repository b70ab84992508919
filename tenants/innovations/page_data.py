"""What the innovation page (and its printable version) shows, gathered in one place so the
page and the print view agree and the view stays thin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from accounts.policy import Action, can
from rubric.models import Indicator
from rubric.selectors import year_rubric
from rubric.years import available_years
from tenants.assessment.access import AnswerCapabilities, capabilities
from tenants.assessment.blockers import verification_blockers
from tenants.assessment.models import Answer, Evidence, ReportStatus
from tenants.assessment.workflow import allowed_transitions
from tenants.history.selectors import innovation_changes
from tenants.publishing.selectors import publication_panel
from tenants.scoring.compute import IndicatorScore, region_score
from tenants.scoring.readiness import Gap, readiness

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.models import Innovation


@dataclass
class IndicatorRow:
    indicator: Indicator
    answer: Answer | None
    evidence: list[Evidence]
    score: IndicatorScore | None
    gaps: list[Gap]
    notes: list[Any]

    @property
    def bases(self) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for option in self.indicator.options.all():
            seen.setdefault(option.basis, option.basis_label)
        return list(seen.items())


def indicator_rows(
    rubric_indicators: list[Indicator],
    answers: list[Answer],
    scores: dict[str, IndicatorScore],
    gaps: list[Gap],
    notes: list[Any] = (),
) -> list[IndicatorRow]:
    by_code = {answer.indicator_code: answer for answer in answers}
    rows = []
    for indicator in rubric_indicators:
        answer = by_code.get(indicator.code)
        rows.append(
            IndicatorRow(
                indicator,
                answer,
                list(answer.evidence.all()) if answer else [],
                scores.get(indicator.code),
                [gap for gap in gaps if gap.target == indicator.code],
                [note for note in notes if note.target == indicator.code],
            )
        )
    return rows


def answers_with_evidence(**filters: Any) -> list[Answer]:
    return list(
        Answer.objects.filter(**filters).prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))
        )
    )


def innovation_page(user: User, region: Region, innovation: Innovation, year: int) -> dict:
    report = innovation.reports.filter(year=year).first()
    rubric = year_rubric(year)
    score = region_score(year) if report is not None else None
    item = score.by_report.get(report.pk) if score and report else None
    gaps = readiness(score).for_report(report.pk) if score and report else []
    notes = list(report.notes.all()) if report else []
    latest_round = max((note.round for note in notes), default=0)
    current_notes = [note for note in notes if note.round == latest_round]
    answers = answers_with_evidence(report=report) if report else []
    may_edit = can(user, Action.EDIT_INNOVATION, region, opd_id=innovation.opd_id)
    allowed = (
        capabilities(user, region, report)
        if report is not None
        else AnswerCapabilities(may_answer=False, may_review=False)
    )
    rows = indicator_rows(
        rubric.part("sid") if rubric else [],
        answers,
        item.indicators if item else {},
        gaps,
        current_notes if report and report.status == ReportStatus.RETURNED else [],
    )
    return {
        "innovation": innovation,
        "year": year,
        "years": available_years(),
        "report": report,
        "rubric": rubric,
        "rows": rows,
        "item": item,
        "score": score,
        "gaps": gaps,
        "profile_gaps": [gap for gap in gaps if not gap.target.startswith("SID-")],
        "notes": notes,
        "field_notes": {
            note.target: note
            for note in current_notes
            if report and report.status == ReportStatus.RETURNED and note.target
        },
        "general_notes": [
            note for note in current_notes if not note.target and note.resolved_at is None
        ],
        "resolved_notes": [note for note in notes if note.resolved_at is not None],
        "transitions": allowed_transitions(user, region, report) if report else [],
        # What the verifier must have before "Verifikasi" can succeed (the same rule it checks).
        "verify_blockers": verification_blockers(report)
        if report is not None and report.status == ReportStatus.SUBMITTED
        else [],
        "may_edit": may_edit,
        "may_answer": allowed.may_answer,
        "may_review": allowed.may_review,
        "may_view_history": can(user, Action.VIEW_HISTORY, region),
        "changes": innovation_changes(innovation.pk, limit=15),
        "missing_year": report is None,
        "profile": profile_items(innovation, rubric.affairs if rubric else {}),
        # Publishing (region admins); the replication network is loaded from the replication side.
        "publication_panel": publication_panel(user, region, innovation),
    }


LONG_FIELDS = ("design", "goals", "benefits", "results")


def digital_label(is_digital: bool | None) -> str:
    from django.utils.translation import gettext as _

    if is_digital is None:
        return _("Belum ditentukan")
    return _("Digital") if is_digital else _("Non digital")


def profile_items(innovation: Innovation, affairs: dict) -> list[dict[str, Any]]:
    """The profile as (field, label, shown value) rows, in the national form's order."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    from core.partial_dates import display_partial

    def affair_name(code: str) -> str:
        affair = affairs.get(code)
        return affair.name if affair else code

    def day(field: str) -> str:
        return display_partial(
            getattr(innovation, field), getattr(innovation, f"{field}_precision")
        )

    unknown = _("Belum ditentukan")

    rows = [
        ("opd", innovation.opd.name),
        ("stage", innovation.get_stage_display() or unknown),
        ("initiator", innovation.get_initiator_display() or unknown),
        ("initiator_name", innovation.initiator_name),
        ("is_digital", digital_label(innovation.is_digital)),
        ("form", innovation.get_form_display() or unknown),
        ("affair", affair_name(innovation.affair) if innovation.affair else unknown),
        ("other_affairs", ", ".join(affair_name(code) for code in innovation.other_affairs)),
        ("trial_started_on", day("trial_started_on")),
        ("implemented_on", day("implemented_on")),
        ("developed_on", day("developed_on")),
        ("design", innovation.design),
        ("goals", innovation.goals),
        ("benefits", innovation.benefits),
        ("results", innovation.results),
        (
            "budget_amount",
            f"Rp {number_format(innovation.budget_amount, force_grouping=True)}"
            if innovation.budget_amount is not None
            else "",
        ),
        ("video_url", innovation.video_url),
        (
            "latitude",
            f"{innovation.latitude}, {innovation.longitude}"
            if innovation.latitude is not None
            else "",
        ),
        ("ip_registration", innovation.ip_registration),
    ]
    meta = innovation._meta
    return [
        {
            "name": name,
            "label": _("Koordinat") if name == "latitude" else meta.get_field(name).verbose_name,
            "value": value,
            "long": name in LONG_FIELDS,
        }
        for name, value in rows
    ]
