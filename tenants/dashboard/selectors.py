"""What the region dashboard and the readiness ("siap kirim") screen show, read in a fixed number
of queries whatever the number of innovations: the score of the year (computed once from
tenants.scoring), a few GROUP BY counts, and the rest aggregated in Python over rows already read.

Call inside the region's schema. OPD operators see their own OPD's innovations only (names,
gaps), but the region's totals (index, counts), which they need to know where the region stands.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import tenant_context

from accounts.models import Membership
from regions.models import Region
from rubric.formula import predicate_for
from tenants.assessment.models import Report, ReportStatus
from tenants.innovations.access import visible_opd_id
from tenants.innovations.models import Form, Innovation, Stage
from tenants.organization.models import OpdUnit
from tenants.scoring.compute import RegionScore, region_score
from tenants.scoring.readiness import Gap, GapKind, Readiness, readiness

if TYPE_CHECKING:
    from accounts.models import User

ZERO = Decimal("0")
NO_REPORT = "none"

GAP_KIND_LABELS: dict[str, object] = {
    GapKind.PROFILE_FIELD: _("Isian profil wajib kosong"),
    GapKind.DESIGN_SHORT: _("Rancang bangun kurang dari 300 kata"),
    GapKind.UNANSWERED: _("Indikator belum dijawab"),
    GapKind.NO_EVIDENCE: _("Jawaban tanpa bukti dukung"),
    GapKind.EVIDENCE_REJECTED: _("Bukti dukung ditolak"),
    GapKind.EVIDENCE_UNVERIFIED: _("Bukti dukung belum diverifikasi"),
    GapKind.BASIC_SERVICES: _("Urusan pelayanan dasar belum tercakup"),
}
# The gaps an OPD closes by answering and uploading: "bukti dukung paling banyak kurang".
EVIDENCE_GAP_KINDS = frozenset({GapKind.NO_EVIDENCE, GapKind.EVIDENCE_REJECTED, GapKind.UNANSWERED})
# Gaps that keep an innovation out of the count until its profile is complete.
PROFILE_KINDS = frozenset({GapKind.PROFILE_FIELD, GapKind.DESIGN_SHORT})
TOP_GAPS = 5
TOP_OPDS = 5


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label, a count and the bar's width (0-100, relative to the
    largest row, so the longest bar fills the chart)."""

    key: str
    label: str
    count: int
    width: int


def bars(rows: list[tuple[str, object, int]]) -> list[Bar]:
    largest = max((count for _key, _label, count in rows), default=0)
    return [
        Bar(key, str(label), count, round(count * 100 / largest) if largest else 0)
        for key, label, count in rows
    ]


@dataclass
class OpdRow:
    opd_id: int
    name: str
    short_name: str
    total: int
    draft: int
    submitted: int
    returned: int
    verified: int
    gaps: int = 0
    evidence_gaps: int = 0


@dataclass
class IndexSummary:
    """The headline numbers of a year: where the region stands and what it could reach."""

    year: int
    score: RegionScore
    ready: Readiness

    @property
    def index(self) -> Decimal:
        return self.score.result.index

    @property
    def predicate(self) -> str:
        return self.score.result.predicate_label

    @property
    def predicate_code(self) -> str:
        return self.score.result.predicate_code

    @property
    def has_innovations(self) -> bool:
        """Anything reported this year: without it, 0,00 and "Tidak Dapat Dinilai" say nothing."""
        return bool(self.score.innovations)

    @property
    def potential_index(self) -> Decimal:
        return self.ready.potential_index

    @property
    def potential_predicate(self) -> str:
        return predicate_for(self.score.rubric.params, self.ready.potential_index).label

    @property
    def gain(self) -> Decimal:
        """Index points gained when every chosen answer has accepted evidence, every profile is
        complete and the basic-service gate is met (tenants.scoring.readiness)."""
        return self.ready.gain

    @property
    def unanswered_up_to(self) -> Decimal:
        """What the unanswered indicators could add on top of `gain`, at most (each answered at
        its top level): not part of the potential index, which counts the answers given."""
        return sum((gap.stake for gap in self.ready.gaps if gap.kind == GapKind.UNANSWERED), ZERO)


def index_summary(year: int) -> IndexSummary | None:
    """The year's estimated index, predicate and potential (None without a rubric that year)."""
    score = region_score(year)
    if score is None:
        return None
    return IndexSummary(year, score, readiness(score))


@dataclass
class RegionDashboard:
    year: int
    summary: IndexSummary | None
    total: int
    by_stage: list[Bar]
    by_form: list[Bar]
    by_status: list[Bar]
    by_opd: list[OpdRow]
    opds_without_innovation: int
    top_gaps: list[Gap]
    evidence_gap_opds: list[Bar]


def _grouped(queryset, key: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in queryset.values(key).annotate(n=Count("pk")).order_by()}


def _opd_rows(year: int) -> list[OpdRow]:
    def status(value: str) -> Count:
        return Count(
            "innovations__reports",
            filter=Q(innovations__reports__year=year, innovations__reports__status=value),
        )

    rows = OpdUnit.objects.annotate(
        total=Count("innovations", distinct=True),
        draft=status(ReportStatus.DRAFT),
        submitted=status(ReportStatus.SUBMITTED),
        returned=status(ReportStatus.RETURNED),
        verified=status(ReportStatus.VERIFIED),
    ).values("pk", "name", "short_name", "total", "draft", "submitted", "returned", "verified")
    return [
        OpdRow(
            opd_id=row["pk"],
            name=row["name"],
            short_name=row["short_name"],
            total=row["total"],
            draft=row["draft"],
            submitted=row["submitted"],
            returned=row["returned"],
            verified=row["verified"],
        )
        for row in rows.order_by("name")
    ]


def _visible(gaps: list[Gap], opd_id: int | None) -> list[Gap]:
    if opd_id is None:
        return gaps
    return [gap for gap in gaps if gap.innovation is not None and gap.innovation.opd_id == opd_id]


def _with_unknown(choices: list[tuple[str, Any]], counts: dict) -> list[tuple[str, Any, int]]:
    """A bar per choice, and one for drafts that do not say yet (imported lists often do not)."""
    rows = [(value, label, counts.get(value, 0)) for value, label in choices]
    if counts.get(""):
        rows.append(("", _("Belum ditentukan"), counts[""]))
    return rows


def region_dashboard(*, user: User, region: Region, year: int) -> RegionDashboard:
    summary = index_summary(year)
    innovations = Innovation.objects.all()
    by_stage = _grouped(innovations, "stage")
    by_form = _grouped(innovations, "form")
    by_status = _grouped(Report.objects.filter(year=year), "status")
    total = sum(by_stage.values())
    without_report = total - sum(by_status.values())

    opd_rows = _opd_rows(year)
    gap_counts: Counter[int] = Counter()
    evidence_counts: Counter[int] = Counter()
    gaps = summary.ready.gaps if summary else []
    for gap in gaps:
        if gap.innovation is None:
            continue
        gap_counts[gap.innovation.opd_id] += 1
        if gap.kind in EVIDENCE_GAP_KINDS:
            evidence_counts[gap.innovation.opd_id] += 1
    for row in opd_rows:
        row.gaps = gap_counts[row.opd_id]
        row.evidence_gaps = evidence_counts[row.opd_id]
    names = {row.opd_id: row.short_name or row.name for row in opd_rows}
    worst = sorted(
        ((opd_id, count) for opd_id, count in evidence_counts.items() if count),
        key=lambda item: (-item[1], names.get(item[0], "")),
    )[:TOP_OPDS]

    status_rows: list[tuple[str, object, int]] = [
        (value, label, by_status.get(value, 0)) for value, label in ReportStatus.choices
    ]
    if without_report:
        status_rows.append((NO_REPORT, _("Belum dilaporkan tahun ini"), without_report))
    own_opd = visible_opd_id(user, region)
    return RegionDashboard(
        year=year,
        summary=summary,
        total=total,
        by_stage=bars(_with_unknown(Stage.choices, by_stage)),
        by_form=bars(_with_unknown(Form.choices, by_form)),
        by_status=bars(status_rows),
        by_opd=sorted(
            (row for row in opd_rows if row.total or row.gaps),
            key=lambda row: (-row.total, row.name),
        ),
        opds_without_innovation=sum(1 for row in opd_rows if not row.total),
        top_gaps=[gap for gap in _visible(gaps, own_opd) if gap.stake > 0][:TOP_GAPS],
        evidence_gap_opds=bars(
            [(str(opd_id), names.get(opd_id, "?"), count) for opd_id, count in worst]
        ),
    )


@dataclass
class InnovationGaps:
    """The gaps of one innovation, with what closing all of them is worth (the inclusion stake of
    an incomplete profile counts once: completing the profile is one step, whatever the number
    of empty fields)."""

    innovation: Innovation
    report_id: int
    gaps: list[Gap] = field(default_factory=list)

    @property
    def stake(self) -> Decimal:
        inclusion = max((gap.stake for gap in self.gaps if gap.kind in PROFILE_KINDS), default=ZERO)
        rest = sum((gap.stake for gap in self.gaps if gap.kind not in PROFILE_KINDS), ZERO)
        return inclusion + rest

    @property
    def up_to(self) -> bool:
        return any(gap.up_to for gap in self.gaps)

    @property
    def incomplete_profile(self) -> bool:
        """The innovation does not count yet: the national application rejects it."""
        return any(gap.kind in PROFILE_KINDS for gap in self.gaps)


@dataclass
class ReadinessPage:
    summary: IndexSummary | None
    region_gaps: list[Gap]
    groups: list[InnovationGaps]
    opd_id: int | None  # the OPD filter in force (an operator's own OPD included)
    kind: str

    @property
    def gap_count(self) -> int:
        return len(self.region_gaps) + sum(len(group.gaps) for group in self.groups)

    @property
    def shown_stake(self) -> Decimal:
        return sum((gap.stake for gap in self.region_gaps), ZERO) + sum(
            (group.stake for group in self.groups), ZERO
        )


def readiness_page(
    *, user: User, region: Region, year: int, opd_id: int | None = None, kind: str = ""
) -> ReadinessPage:
    """The readiness screen: region-level gaps and, per innovation, its gaps sorted by what is at
    stake. `opd_id` and `kind` filter; an operator is always narrowed to their own OPD."""
    own_opd = visible_opd_id(user, region)
    if own_opd is not None:
        opd_id = own_opd
    kind = kind if kind in GAP_KIND_LABELS else ""
    summary = index_summary(year)
    if summary is None:
        return ReadinessPage(None, [], [], opd_id, kind)
    gaps = [gap for gap in summary.ready.gaps if not kind or gap.kind == kind]
    groups: dict[int, InnovationGaps] = {}
    for gap in gaps:
        if gap.report_id is None or gap.innovation is None:
            continue
        if opd_id is not None and gap.innovation.opd_id != opd_id:
            continue
        group = groups.setdefault(gap.report_id, InnovationGaps(gap.innovation, gap.report_id))
        group.gaps.append(gap)
    for group in groups.values():
        # An incomplete profile blocks the whole innovation: its fields come first.
        group.gaps.sort(key=lambda gap: (gap.kind not in PROFILE_KINDS, -gap.stake))
    ordered = sorted(groups.values(), key=lambda group: (-group.stake, group.innovation.name))
    region_gaps = [gap for gap in gaps if gap.report_id is None]
    return ReadinessPage(summary, region_gaps, ordered, opd_id, kind)


def opd_choices(*, user: User, region: Region) -> list[OpdUnit]:
    """The OPDs a user may filter by: all of them, or an operator's own."""
    own_opd = visible_opd_id(user, region)
    queryset = OpdUnit.objects.order_by("name").only("pk", "name", "short_name")
    if own_opd is not None:
        queryset = queryset.filter(pk=own_opd)
    return list(queryset)


@dataclass(frozen=True)
class RegionHomeSummary:
    members_by_role: dict[str, int]
    member_count: int
    opd_count: int
    kab_kota_count: int
    active_kab_kota_count: int


def region_home_summary(region: Region) -> RegionHomeSummary:
    by_role = dict(
        Membership.objects.filter(region=region)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    with tenant_context(region):
        opd_count = OpdUnit.objects.count()
    kab_kota = (
        Region.objects.filter(province=region) if region.is_province else Region.objects.none()
    )
    return RegionHomeSummary(
        members_by_role=by_role,
        member_count=sum(by_role.values()),
        opd_count=opd_count,
        kab_kota_count=kab_kota.count() if region.is_province else 0,
        active_kab_kota_count=kab_kota.filter(is_active=True).count() if region.is_province else 0,
    )
