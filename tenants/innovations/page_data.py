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
from tenants.innovations.profile import PROFILE, Kind, ProfileField
from tenants.publishing.selectors import publication_panel
from tenants.scoring.compute import IndicatorScore, region_score
from tenants.scoring.readiness import Gap, readiness

if TYPE_CHECKING:
    from collections.abc import Sequence

    from accounts.models import User
    from regions.models import Region
    from tenants.assessment.models import ReviewNote
    from tenants.innovations.models import Innovation


@dataclass
class IndicatorRow:
    indicator: Indicator
    answer: Answer | None
    evidence: list[Evidence]
    score: IndicatorScore | None
    gaps: list[Gap]
    notes: list[ReviewNote]

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
    notes: Sequence[ReviewNote] = (),
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


def digital_label(is_digital: bool | None) -> str:
    from django.utils.translation import gettext as _

    if is_digital is None:
        return _("Belum ditentukan")
    return _("Digital") if is_digital else _("Non digital")


def profile_items(innovation: Innovation, affairs: dict) -> list[dict[str, Any]]:
    """The profile as (field, label, shown value) rows, in the registry's order (the national
    form's): every field but the name (the page's title), the files (download links of their
    own) and the longitude (shown with the latitude as one coordinate)."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    from core.partial_dates import display_partial

    unknown = _("Belum ditentukan")

    def affair_name(code: str) -> str:
        affair = affairs.get(code)
        return affair.name if affair else code

    def shown(item: ProfileField) -> str:
        value = getattr(innovation, item.name)
        if item.kind == Kind.OPD:
            return innovation.opd.name
        if item.kind == Kind.CHOICE:
            return getattr(innovation, f"get_{item.name}_display")() or unknown
        if item.kind == Kind.DIGITAL:
            return digital_label(value)
        if item.kind == Kind.AFFAIR:
            return affair_name(value) if value else unknown
        if item.kind == Kind.AFFAIRS:
            return ", ".join(affair_name(code) for code in value)
        if item.kind == Kind.DATE:
            return display_partial(value, getattr(innovation, f"{item.name}_precision"))
        if item.kind == Kind.MONEY:
            return f"Rp {number_format(value, force_grouping=True)}" if value is not None else ""
        if item.kind == Kind.COORDINATE:
            return f"{innovation.latitude}, {innovation.longitude}" if value is not None else ""
        return value

    return [
        {
            "name": item.name,
            "label": _("Koordinat")
            if item.kind == Kind.COORDINATE
            else innovation.field_label(item.name),
            "value": shown(item),
            "long": item.kind == Kind.LONG_TEXT,
        }
        for item in PROFILE
        if item.name not in ("name", "longitude") and item.kind != Kind.FILE
    ]
