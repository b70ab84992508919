"""Reads of OPD reporting: the year's target, where each OPD stands against it, and the region's
trend over the years. Call inside the region's schema.

An innovation counts as *reported* for a year when its report of that year left the OPD
(submitted, returned for correction or verified: `assessment.Report.status` other than draft);
*verified* when Bappeda's verifier accepted it (status verified). Drafts are the OPD's own work
in progress and are shown apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from tenants.assessment.models import Report, ReportStatus
from tenants.organization.models import OpdUnit
from tenants.reporting.defaults import default_target
from tenants.reporting.models import Reminder, ReportingTarget


class OpdStatus(models.TextChoices):
    NONE = "none", _("Belum melapor")
    BELOW_TARGET = "below_target", _("Di bawah target")
    ONLY_UNVERIFIED = "only_unverified", _("Belum terverifikasi")
    MET = "met", _("Memenuhi target")


LAGGING = (OpdStatus.NONE, OpdStatus.BELOW_TARGET, OpdStatus.ONLY_UNVERIFIED)


@dataclass(frozen=True)
class Target:
    year: int
    min_innovations_per_opd: int
    note: str
    is_default: bool


@dataclass
class OpdReporting:
    opd_id: int
    name: str
    short_name: str
    reported: int
    verified: int
    drafts: int
    status: str
    last_reminded: date | None = None

    @property
    def unverified(self) -> int:
        return self.reported - self.verified

    @property
    def status_label(self) -> str:
        return str(OpdStatus(self.status).label)

    @property
    def lagging(self) -> bool:
        return self.status in LAGGING


@dataclass
class YearReporting:
    target: Target
    rows: list[OpdReporting]
    counts: dict[str, int] = field(default_factory=dict)  # status -> number of OPDs

    @property
    def lagging(self) -> list[OpdReporting]:
        return [row for row in self.rows if row.lagging]

    @property
    def lagging_count(self) -> int:
        """Lagging OPDs of the whole year, whatever the filter shows."""
        return sum(self.counts.get(code, 0) for code in LAGGING)

    @property
    def summary(self) -> list[tuple[str, str, int]]:
        """(status, label, number of OPDs) of every status, in the table's order."""
        return [(code, str(label), self.counts.get(code, 0)) for code, label in OpdStatus.choices]


@dataclass(frozen=True)
class TrendRow:
    year: int
    innovations: int  # innovations reported that year
    verified: int
    opds: int  # OPDs that reported at least one innovation that year


def target_for(year: int) -> Target:
    """The year's target: the region's own when it set one, else the default (data file)."""
    stored = ReportingTarget.objects.filter(year=year).first()
    if stored is not None:
        return Target(year, stored.min_innovations_per_opd, stored.note, is_default=False)
    default = default_target()
    return Target(year, default.min_innovations_per_opd, default.source, is_default=True)


def status_of(reported: int, verified: int, target: int) -> str:
    """Where an OPD stands: nothing reported; fewer than the target; the target reached only
    with innovations not yet verified; or enough verified innovations."""
    if reported == 0:
        return OpdStatus.NONE
    if reported < target:
        return OpdStatus.BELOW_TARGET
    if verified < target:
        return OpdStatus.ONLY_UNVERIFIED
    return OpdStatus.MET


def year_reporting(
    year: int, *, status: str = "", opd_ids: list[int] | None = None
) -> YearReporting:
    """Every OPD of the region against the year's target (three queries), lagging ones first;
    `status` keeps only the OPDs in that state, `opd_ids` only those OPDs."""
    target = target_for(year)
    tallies = {
        row["innovation__opd_id"]: row
        for row in Report.objects.filter(year=year)
        .values("innovation__opd_id")
        .annotate(
            reported=Count("pk", filter=~Q(status=ReportStatus.DRAFT)),
            verified=Count("pk", filter=Q(status=ReportStatus.VERIFIED)),
            drafts=Count("pk", filter=Q(status=ReportStatus.DRAFT)),
        )
        .order_by()
    }
    reminded = dict(
        Reminder.objects.filter(year=year)
        .values("opd_id")
        .annotate(last=Max("sent_on"))
        .values_list("opd_id", "last")
    )
    units = OpdUnit.objects.order_by("name").only("pk", "name", "short_name")
    if opd_ids is not None:
        units = units.filter(pk__in=opd_ids)
    rows = []
    for unit in units:
        tally: Mapping[str, Any] = tallies.get(unit.pk, {})
        reported, verified = tally.get("reported", 0), tally.get("verified", 0)
        rows.append(
            OpdReporting(
                opd_id=unit.pk,
                name=unit.name,
                short_name=unit.short_name,
                reported=reported,
                verified=verified,
                drafts=tally.get("drafts", 0),
                status=status_of(reported, verified, target.min_innovations_per_opd),
                last_reminded=reminded.get(unit.pk),
            )
        )
    order = {code: position for position, code in enumerate(OpdStatus.values)}
    rows.sort(key=lambda row: order[row.status])  # stable: by name within a state
    counts = {code: 0 for code in OpdStatus.values}
    for row in rows:
        counts[row.status] += 1
    if status in counts:
        rows = [row for row in rows if row.status == status]
    return YearReporting(target, rows, counts)


def reporting_trend() -> list[TrendRow]:
    """Per year, oldest first: innovations reported, of which verified, and OPDs that reported
    at least one (BAGINDA MADINA's measures: 15 → 104 innovations, 12 → 49 OPDs). One query."""
    rows = (
        Report.objects.exclude(status=ReportStatus.DRAFT)
        .values("year")
        .annotate(
            innovations=Count("innovation", distinct=True),
            verified=Count("pk", filter=Q(status=ReportStatus.VERIFIED)),
            opds=Count("innovation__opd", distinct=True),
        )
        .order_by("year")
    )
    return [TrendRow(row["year"], row["innovations"], row["verified"], row["opds"]) for row in rows]
