"""Siap kirim: what is still missing before the national deadline, and what each gap costs.

Each gap carries its stake in index points: how much the region's estimated index rises when
that gap alone is closed (for an unanswered indicator: at most, if answered at the top level)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict

from django.utils import translation
from django.utils.translation import gettext as _

from rubric.formula import ZERO, compute_index, count_score
from tenants.innovations.models import Innovation
from tenants.scoring.compute import IndicatorScore, InnovationScore, RegionScore

HUNDRED = Decimal(100)


class GapKind:
    PROFILE_FIELD = "profile_field"
    DESIGN_SHORT = "design_short"
    UNANSWERED = "unanswered"
    NO_EVIDENCE = "no_evidence"
    EVIDENCE_REJECTED = "evidence_rejected"
    EVIDENCE_UNVERIFIED = "evidence_unverified"
    BASIC_SERVICES = "basic_services"


@dataclass(frozen=True, slots=True)
class Gap:
    kind: str
    message: str
    stake: Decimal  # index points
    innovation: Innovation | None = None
    report_id: int | None = None
    target: str = ""  # a profile field or an indicator code
    up_to: bool = False
    mandatory: bool = False


class _GapSubject(TypedDict):
    """What the gaps of one indicator share: whose they are and which indicator."""

    innovation: Innovation | None
    report_id: int | None
    target: str
    mandatory: bool


@dataclass
class Readiness:
    gaps: list[Gap]
    index: Decimal
    potential_index: Decimal

    @property
    def gain(self) -> Decimal:
        return self.potential_index - self.index

    def for_report(self, report_id: int) -> list[Gap]:
        return [gap for gap in self.gaps if gap.report_id == report_id]

    @property
    def region_gaps(self) -> list[Gap]:
        return [gap for gap in self.gaps if gap.report_id is None]


def _index_points(score: RegionScore, total_points: Decimal) -> Decimal:
    points = total_points / score.rubric.params.max_total * HUNDRED
    return points.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _inclusion_stake(score: RegionScore, item: InnovationScore) -> Decimal:
    """What including an innovation that is not eligible yet would change, with its current
    score (the divisor and the count score both move)."""
    eligible = [other.score for other in score.innovations if other.eligible]
    basic = score.rubric.basic_service_codes
    covered = set(score.basic_services_covered)
    if item.innovation.affair in basic:
        covered.add(item.innovation.affair)
    after = compute_index(
        score.rubric.params,
        spd_score=score.spd_score,
        innovation_scores=[*eligible, item.score],
        basic_services_covered=len(covered),
    )
    return after.index - score.result.index


def _indicator_messages(language: str) -> dict[str, str]:
    """The indicator gaps' wording in `language` (the active one), worded once per language: a
    region's readiness words some 1,400 gaps, and each lookup of the active language costs more
    than the wording itself (issue #19)."""
    found = _MESSAGES.get(language)
    if found is None:
        found = _MESSAGES[language] = {
            GapKind.UNANSWERED: _("%(indicator)s belum dijawab"),
            GapKind.EVIDENCE_UNVERIFIED: _("%(indicator)s: bukti dukung belum diverifikasi"),
            GapKind.EVIDENCE_REJECTED: _("%(indicator)s: bukti dukung ditolak, unggah pengganti"),
            GapKind.NO_EVIDENCE: _("%(indicator)s: belum ada bukti dukung"),
        }
    return found


_MESSAGES: dict[str, dict[str, str]] = {}


def _indicator_gaps(
    score: RegionScore,
    item: IndicatorScore,
    *,
    divisor: int,
    innovation: Innovation | None = None,
    report_id: int | None = None,
    messages: dict[str, str],
) -> list[Gap]:
    if item.level is not None and item.score > 0:
        return []  # answered with accepted evidence: no gap (most indicators)
    indicator = score.rubric.indicators[item.code]
    label = f"{indicator.code} {indicator.name}"
    common: _GapSubject = {
        "innovation": innovation,
        "report_id": report_id,
        "target": item.code,
        "mandatory": indicator.mandatory,
    }
    if item.level is None:
        return [
            Gap(
                GapKind.UNANSWERED,
                messages[GapKind.UNANSWERED] % {"indicator": label},
                _index_points(score, indicator.max_score / divisor),
                up_to=True,
                **common,
            )
        ]
    stake = _index_points(score, item.option_score / divisor)
    if item.pending:
        kind = GapKind.EVIDENCE_UNVERIFIED
    elif item.rejected:
        kind = GapKind.EVIDENCE_REJECTED
    else:
        kind = GapKind.NO_EVIDENCE
    return [Gap(kind, messages[kind] % {"indicator": label}, stake, **common)]


def readiness(score: RegionScore) -> Readiness:
    """The score's gaps and what closing them gains, worked out once per score and language (a
    score is kept while its data do not change, compute._ScoreMemo; the gaps are worded in the
    request's language). Shared like the score: callers never mutate it."""
    language = translation.get_language() or ""
    kept = score.readiness_by_language.get(language)
    if kept is None:
        kept = score.readiness_by_language[language] = _readiness(score, language)
    return kept


def _readiness(score: RegionScore, language: str) -> Readiness:
    gaps: list[Gap] = []
    divisor = score.result.sid_divisor
    messages = _indicator_messages(language)
    for item in score.spd.values():
        gaps.extend(_indicator_gaps(score, item, divisor=1, messages=messages))
    params = score.rubric.params
    if params.basic_service_gate is not None and not score.result.count_gate_met:
        missing = [
            affair.name
            for code, affair in score.rubric.affairs.items()
            if affair.basic_service and code not in score.basic_services_covered
        ]
        needed = params.basic_service_gate - len(score.basic_services_covered)
        stake = count_score(params, score.result.innovation_count, params.basic_service_gate)
        gaps.append(
            Gap(
                GapKind.BASIC_SERVICES,
                _(
                    "Skor jumlah inovasi masih 0: inovasi baru mencakup %(covered)d dari %(gate)d urusan pelayanan dasar yang disyaratkan. Tambah %(needed)d urusan lagi, misalnya: %(missing)s."
                )
                % {
                    "covered": len(score.basic_services_covered),
                    "gate": params.basic_service_gate,
                    "needed": needed,
                    "missing": ", ".join(missing),
                },
                _index_points(score, stake),
            )
        )
    for scored in score.innovations:
        innovation, report_id = scored.innovation, scored.report.pk
        if not scored.eligible:
            stake = _inclusion_stake(score, scored)
            for field, problem in scored.profile_gaps.items():
                verbose = Innovation.field_label(field)
                kind = (
                    GapKind.DESIGN_SHORT
                    if field == "design" and innovation.design.strip()
                    else GapKind.PROFILE_FIELD
                )
                gaps.append(
                    Gap(
                        kind,
                        f"{str(verbose).capitalize()}: {problem}",
                        stake,
                        innovation=innovation,
                        report_id=report_id,
                        target=field,
                        mandatory=True,
                    )
                )
        gaps.extend(_innovation_indicator_gaps(score, scored, divisor, language))
    gaps.sort(key=lambda gap: (-gap.stake, gap.kind))
    return Readiness(gaps, score.result.index, max(score.potential.index, score.result.index))


def _innovation_indicator_gaps(
    score: RegionScore, scored: InnovationScore, divisor: int, language: str
) -> list[Gap]:
    """The gaps of an innovation's indicators. They depend on its own answers, the rubric and the
    SID divisor only, so they are worked out once per kept innovation score (reused across the
    region's scores while its data stand), divisor and language: after one answer changes,
    only that innovation's are worded and priced again (issue #19)."""
    key = (divisor, language)
    kept = scored.indicator_gaps.get(key)
    if kept is None:
        messages = _indicator_messages(language)
        innovation, report_id = scored.innovation, scored.report.pk
        kept = scored.indicator_gaps[key] = [
            gap
            for indicator in scored.indicators.values()
            for gap in _indicator_gaps(
                score,
                indicator,
                divisor=divisor,
                innovation=innovation,
                report_id=report_id,
                messages=messages,
            )
        ]
    return kept


def innovation_gap_counts(ready: Readiness) -> dict[int, int]:
    counts: dict[int, int] = {}
    for gap in ready.gaps:
        if gap.report_id is not None:
            counts[gap.report_id] = counts.get(gap.report_id, 0) + 1
    return counts


__all__ = ["ZERO", "Gap", "GapKind", "Readiness", "innovation_gap_counts", "readiness"]
