"""Export of the innovations a user may see for one year, with their scores and evidence status,
to xlsx (sheets Inovasi, SPD, Ringkasan) or CSV (the Inovasi table).

The region's score is computed once for the whole export, so the number of queries does not grow
with the number of innovations. The profile columns carry the template's titles: an exported
file can be edited and imported again (the extra columns are ignored by the import)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from accounts.policy import Action, can, require
from core.tables import FORMULA_PREFIXES
from rubric.models import GovernmentAffair
from tenants.assessment.models import ReportStatus
from tenants.innovations.selectors import innovation_list
from tenants.scoring.compute import IndicatorScore, InnovationScore, RegionScore, region_score
from tenants.scoring.readiness import innovation_gap_counts, readiness
from tenants.spreadsheets.columns import COLUMNS, DATE_FORMAT, SHEET_INNOVATIONS, profile_values

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from accounts.models import User
    from regions.models import Region
    from tenants.innovations.selectors import InnovationOfYear

SHEET_SPD = "SPD"
SHEET_SUMMARY = "Ringkasan"
EXCEL_CELL_LIMIT = 32_767
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5C99")
# Cells a spreadsheet program would run as a formula (CSV injection).

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
        (_("Diekspor pada"), timezone.localtime(data.exported_at).strftime("%d/%m/%Y %H:%M")),
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


# --- xlsx -----------------------------------------------------------------------------------


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:EXCEL_CELL_LIMIT]
        if value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text that looks like a formula stays text
            return cell
    return value


def _sheet(workbook: Workbook, title: str, columns: list[tuple[str, int]]) -> WriteOnlyWorksheet:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, (_title, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for title, _width in columns:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    return sheet


def write_xlsx(data: ExportData, target: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    widths = [("No", 5), *((c.title, c.width) for c in COLUMNS), *SCORE_COLUMNS]
    sheet = _sheet(workbook, SHEET_INNOVATIONS, widths)
    for row in data.rows:
        sheet.append([_cell(sheet, value) for value in innovation_values(data, row)])
    if data.include_spd:
        spd = _sheet(workbook, SHEET_SPD, list(SPD_COLUMNS))
        for values in spd_rows(data):
            spd.append([_cell(spd, value) for value in values])
    summary = _sheet(workbook, SHEET_SUMMARY, [(_("Keterangan"), 32), (_("Nilai"), 40)])
    for label, value in summary_rows(data):
        summary.append([_cell(summary, label), _cell(summary, value)])
    workbook.save(target)


def export_xlsx(*, user: User, region: Region, year: int, target: IO[bytes]) -> ExportData:
    data = export_data(user=user, region=region, year=year)
    write_xlsx(data, target)
    return data


# --- CSV ------------------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 9, not 9.00
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(data: ExportData, target: IO[bytes]) -> None:
    """UTF-8 with a byte order mark, so Excel opens it with the right characters."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(innovation_header())
        for row in data.rows:
            writer.writerow([_csv_value(value) for value in innovation_values(data, row)])
    finally:
        text.detach()


def export_csv(*, user: User, region: Region, year: int, target: IO[bytes]) -> ExportData:
    data = export_data(user=user, region=region, year=year)
    write_csv(data, target)
    return data


def export_filename(region: Region, year: int, extension: str) -> str:
    return f"inovasi-{region.slug}-{year}.{extension}"
