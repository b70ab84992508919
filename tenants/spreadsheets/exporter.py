"""Export of the innovations a user may see for one year, with their scores and evidence status,
to xlsx (sheets Inovasi, SPD, Ringkasan) or CSV (the Inovasi table).

The region's score is computed once for the whole export, so the number of queries does not grow
with the number of innovations. The profile columns carry the template's titles: an exported
file can be edited and imported again (the extra columns are ignored by the import)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, can, require
from core import tables
from rubric.models import GovernmentAffair
from tenants.assessment.models import ReportStatus
from tenants.innovations.selectors import innovation_list
from tenants.scoring.compute import IndicatorScore, InnovationScore, RegionScore, region_score
from tenants.scoring.readiness import innovation_gap_counts, readiness
from tenants.spreadsheets.columns import COLUMNS, SHEET_INNOVATIONS, profile_values

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.selectors import InnovationOfYear

SHEET_SPD = "SPD"
SHEET_SUMMARY = "Ringkasan"
# (title, width) of the columns after the profile.
SCORE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Status", 16),
    ("Skor inovasi", 12),
    ("Skor maksimum", 12),
    ("Kelengkapan bukti (%)", 12),
    ("Bukti diterima", 10),
    ("Bukti belum diperiksa", 10),
    ("Bukti ditolak", 10),
    ("Kekurangan siap kirim", 12),
    ("Memenuhi syarat", 10),
)
SPD_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Kode", 10),
    ("Indikator", 50),
    ("Tingkat", 8),
    ("Parameter", 60),
    ("Skor", 8),
    ("Skor maksimum", 10),
    ("Bukti diterima", 10),
    ("Bukti belum diperiksa", 10),
    ("Bukti ditolak", 10),
)


@dataclass
class ExportRow:
    number: int
    innovation: InnovationOfYear
    status: str  # ReportStatus value, "" without a report that year
    score: InnovationScore | None
    gaps: int


@dataclass
class ExportData:
    region: Region
    year: int
    rows: list[ExportRow]
    score: RegionScore | None
    affairs: dict[str, GovernmentAffair]
    include_spd: bool  # the region's own indicators: for users who see the whole region
    exported_at: datetime = field(default_factory=timezone.now)

    @property
    def max_innovation_score(self) -> Decimal | None:
        if self.score is None:
            return None
        return sum((item.max_score for item in self.score.rubric.part("sid")), Decimal(0))


def export_data(*, user: User, region: Region, year: int) -> ExportData:
    """What the user may see of `year`, read in a fixed number of queries."""
    require(user, Action.VIEW_REGION, region)
    with tenant_context(region):
        innovations = list(innovation_list(user=user, region=region, year=year))
        score = region_score(year)
        affairs = (
            score.rubric.affairs
            if score is not None
            else {affair.code: affair for affair in GovernmentAffair.objects.order_by("order")}
        )
    gaps = innovation_gap_counts(readiness(score)) if score is not None else {}
    rows = []
    for number, innovation in enumerate(innovations, start=1):
        item, gap_count = None, 0
        if score and innovation.report_id:
            item = score.by_report.get(innovation.report_id)
            if item is not None:
                gap_count = gaps.get(innovation.report_id, 0)
        rows.append(ExportRow(number, innovation, innovation.report_status or "", item, gap_count))
    return ExportData(
        region,
        year,
        rows,
        score,
        affairs,
        include_spd=can(user, Action.VIEW_ALL_INNOVATIONS, region),
    )


def status_label(status: str) -> str:
    return str(ReportStatus(status).label) if status else _("Belum ada laporan")


def _evidence_counts(indicators: dict[str, IndicatorScore]) -> tuple[int, int, int]:
    items = indicators.values()
    return (
        sum(item.accepted for item in items),
        sum(item.pending for item in items),
        sum(item.rejected for item in items),
    )


def innovation_header() -> list[str]:
    return ["No", *(column.title for column in COLUMNS), *(title for title, _w in SCORE_COLUMNS)]


def innovation_values(data: ExportData, row: ExportRow) -> list[Any]:
    profile = profile_values(row.innovation, data.affairs)
    values: list[Any] = [row.number, *(profile[column.key] for column in COLUMNS)]
    values.append(status_label(row.status))
    item = row.score
    if item is None:
        return [*values, *([None] * (len(SCORE_COLUMNS) - 1))]
    accepted, pending, rejected = _evidence_counts(item.indicators)
    return [
        *values,
        item.score,
        data.max_innovation_score,
        (item.evidence_completeness * 100).quantize(Decimal(1)),
        accepted,
        pending,
        rejected,
        row.gaps,
        _("Ya") if item.eligible else _("Tidak"),
    ]


def spd_rows(data: ExportData) -> list[list[Any]]:
    if data.score is None or not data.include_spd:
        return []
    rubric = data.score.rubric
    rows = []
    for code, item in data.score.spd.items():
        indicator = rubric.indicators[code]
        option = rubric.option(code, item.basis, item.level)
        rows.append(
            [
                code,
                indicator.name,
                item.level,
                option.label if option is not None else "",
                item.score,
                indicator.max_score,
                item.accepted,
                item.pending,
                item.rejected,
            ]
        )
    return rows


def summary_rows(data: ExportData) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        (_("Daerah"), data.region.display_name),
        (_("Tahun penilaian"), data.year),
        (tables.with_zone(_("Diekspor pada")), data.exported_at),
        (_("Jumlah inovasi dalam berkas"), len(data.rows)),
    ]
    if data.score is not None:
        result = data.score.result
        rows += [
            (_("Perkiraan indeks daerah"), result.index),
            (_("Predikat"), result.predicate_label),
            (_("Skor SPD"), result.spd_score),
            (_("Skor SID"), result.sid_score),
            (_("Skor jumlah inovasi"), result.count_score),
            (_("Inovasi yang dihitung"), result.innovation_count),
        ]
    else:
        rows.append((_("Perkiraan indeks daerah"), _("Belum ada rubrik untuk tahun ini.")))
    return rows


# --- files ----------------------------------------------------------------------------------
# Written by core.tables: the CSV for Excel with Indonesian settings, which the importer reads
# back (";" or ",", decimal commas, day-first dates), and the xlsx as numbers, dates and text.


def write_xlsx(data: ExportData, target: IO[bytes]) -> None:
    rows = (innovation_values(data, row) for row in data.rows)
    widths = [5, *(column.width for column in COLUMNS), *(width for _t, width in SCORE_COLUMNS)]
    sheets = [tables.Sheet(SHEET_INNOVATIONS, innovation_header(), rows, widths=widths)]
    if data.include_spd:
        sheets.append(
            tables.Sheet(
                SHEET_SPD,
                [title for title, _w in SPD_COLUMNS],
                spd_rows(data),
                widths=[width for _t, width in SPD_COLUMNS],
            )
        )
    sheets.append(
        tables.Sheet(
            SHEET_SUMMARY, [_("Keterangan"), _("Nilai")], summary_rows(data), widths=[32, 40]
        )
    )
    tables.write_xlsx(target, sheets)


def export_xlsx(*, user: User, region: Region, year: int, target: IO[bytes]) -> ExportData:
    data = export_data(user=user, region=region, year=year)
    write_xlsx(data, target)
    return data


def export_csv(*, user: User, region: Region, year: int, target: IO[bytes]) -> ExportData:
    """The Inovasi table."""
    data = export_data(user=user, region=region, year=year)
    tables.write_csv(
        target, innovation_header(), (innovation_values(data, row) for row in data.rows)
    )
    return data


def export_filename(region: Region, year: int, extension: str) -> str:
    return f"inovasi-{region.slug}-{year}.{extension}"


def export_file(*, user: User, region: Region, year: int, fmt: str) -> IO[bytes]:
    """The export ("xlsx" or "csv") written to a temporary file on disk, not memory, rewound for
    streaming; closing it deletes it."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 (the caller's response closes it)
    try:
        writer = export_xlsx if fmt == "xlsx" else export_csv
        writer(user=user, region=region, year=year, target=target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target
