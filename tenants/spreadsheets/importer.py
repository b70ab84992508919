"""Importing innovation profiles from the xlsx template.

Every row is checked before anything is written; one bad row means nothing is saved, and the
user gets every problem at once (row number as Excel shows it, column title, reason). Rows are
matched to existing innovations by (OPD, name ignoring case), so importing the same file again
creates nothing and changes nothing. Writes go through the innovation services, so permissions,
validation and the change history apply exactly as in the form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, can, membership_of
from core.sheet_import import FileRejected, RowError, is_blank
from imports.limits import DEFAULT_LIMITS, Limits
from imports.reading import XLSX, Table, formula_message, read_table
from tenants.assessment.models import Report, ReportStatus
from tenants.assessment.years import current_year
from tenants.innovations.models import Innovation
from tenants.innovations.services import innovation_create, innovation_update
from tenants.innovations.validation import consistency_errors
from tenants.spreadsheets.columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    SHEET_INNOVATIONS,
    Column,
    normalise,
)
from tenants.spreadsheets.parsing import CellError, Lookups, empty_value, parse_cell

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

LOCKED = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0  # filled data rows read
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Plan:
    row: int
    data: dict[str, Any]  # everything for a new innovation, only the changes for an existing one
    innovation: Innovation | None


class _RowFailed(Exception):
    def __init__(self, row: int, error: ValidationError) -> None:
        super().__init__(row)
        self.row = row
        self.error = error


def can_import(user: User, region: Region) -> bool:
    """Admins import for every OPD; an OPD operator for their own OPD only."""
    if can(user, Action.EDIT_INNOVATION, region):
        return True
    membership = membership_of(user, region)
    opd_id = membership.opd_id if membership is not None else None
    return opd_id is not None and can(user, Action.EDIT_INNOVATION, region, opd_id=opd_id)


def import_innovations(
    *, region: Region, actor: User | None, file: IO[bytes], limits: Limits = DEFAULT_LIMITS
) -> ImportResult:
    """Check every row of the uploaded xlsx, then create or update the innovations in one
    transaction, or write nothing and return the errors."""
    if actor is not None and not can_import(actor, region):
        raise PermissionDenied
    with tenant_context(region):
        try:
            table = read_table(
                file,
                filename=getattr(file, "name", "") or "",
                sheets=(SHEET_INNOVATIONS,),
                kinds=(XLSX,),
                limits=limits,
            )
            columns, rows = _columns_and_rows(table, limits)
        except FileRejected as exc:
            return ImportResult(errors=exc.errors)
        formulas = {(row, column - 1) for row, column in table.formulas}
        lookups = Lookups.load()
        existing = {
            (innovation.opd_id, innovation.name.lower()): innovation
            for innovation in Innovation.objects.select_related("opd")
        }
        locked = dict(
            Report.objects.filter(year=current_year(), status__in=LOCKED).values_list(
                "innovation_id", "status"
            )
        )
        plans: list[_Plan] = []
        errors: list[RowError] = []
        seen: dict[tuple[int, str], int] = {}
        result = ImportResult(rows=len(rows))
        for number, values in rows:
            plan, row_errors = _check_row(
                number, values, columns, lookups, region, actor, existing, locked, seen, formulas
            )
            errors.extend(row_errors)
            if plan is not None:
                plans.append(plan)
        if errors:
            result.errors = errors
            return result
        try:
            with transaction.atomic():
                for plan in plans:
                    _write(region, actor, plan, result)
        except _RowFailed as failed:
            # Something changed since the check (a name taken meanwhile): nothing was kept.
            return ImportResult(rows=len(rows), errors=_errors_of(failed.row, failed.error))
    return result


def _write(region: Region, actor: User | None, plan: _Plan, result: ImportResult) -> None:
    try:
        if plan.innovation is None:
            innovation_create(region=region, actor=actor, data=plan.data)
            result.created += 1
        elif plan.data:
            innovation_update(
                region=region, actor=actor, innovation=plan.innovation, data=plan.data
            )
            result.updated += 1
        else:
            result.unchanged += 1
    except ValidationError as exc:
        raise _RowFailed(plan.row, exc) from exc


# --- the file -------------------------------------------------------------------------------


def _columns_and_rows(
    table: Table, limits: Limits
) -> tuple[dict[int, Column], list[tuple[int, tuple]]]:
    """The columns found in the header (the first filled row, by position) and the data rows."""
    (_header_number, header), *rows = table.rows
    columns = _header(header)
    if not rows:
        raise FileRejected([RowError(None, "", _("Tidak ada baris inovasi di berkas ini."))])
    if len(rows) > limits.max_rows:
        raise FileRejected([RowError(None, "", _too_many(limits))])
    return columns, rows


def _too_many(limits: Limits) -> str:
    return _("Berkas berisi lebih dari %(limit)d baris; bagi menjadi beberapa berkas.") % {
        "limit": limits.max_rows
    }


def _header(values: tuple) -> dict[int, Column]:
    known: dict[str, Column] = {}
    for column in COLUMNS:
        for title in (column.title, *column.aliases, column.key):
            known[normalise(title)] = column
    columns: dict[int, Column] = {}
    errors: list[RowError] = []
    found: set[str] = set()
    for index, value in enumerate(values):
        if is_blank(value):
            continue
        column = known.get(normalise(str(value).rstrip("*")))
        if column is None:
            continue  # other columns (scores of an exported file) are ignored
        if column.key in found:
            errors.append(RowError(1, column.title, _("Kolom ini muncul lebih dari sekali.")))
            continue
        found.add(column.key)
        columns[index] = column
    for column in COLUMNS:
        if column.required and column.key not in found:
            errors.append(
                RowError(1, column.title, _("Kolom wajib tidak ada. Gunakan templat terbaru."))
            )
    if errors:
        raise FileRejected(errors)
    return columns


# --- one row --------------------------------------------------------------------------------


def _check_row(
    number: int,
    values: tuple,
    columns: dict[int, Column],
    lookups: Lookups,
    region: Region,
    actor: User | None,
    existing: dict[tuple[int, str], Innovation],
    locked: dict[int, str],
    seen: dict[tuple[int, str], int],
    formulas: set[tuple[int, int]],
) -> tuple[_Plan | None, list[RowError]]:
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for index, column in columns.items():
        value = values[index] if index < len(values) else None
        if (number, index) in formulas:
            errors[column.key] = formula_message()
            continue
        if is_blank(value):
            if column.required:
                errors[column.key] = _("Wajib diisi.")
            else:
                data[column.key] = empty_value(column)
            continue
        try:
            data[column.key] = parse_cell(column, value, lookups)
        except CellError as exc:
            errors[column.key] = str(exc)

    opd, name = data.get("opd"), data.get("name")
    innovation = None
    if (
        opd is not None
        and actor is not None
        and not can(actor, Action.EDIT_INNOVATION, region, opd_id=opd.pk)
    ):
        errors["opd"] = _("Anda hanya dapat mengimpor inovasi OPD Anda sendiri.")
        opd = None  # and nothing is said about that OPD's innovations
    if opd is not None and name:
        key = (opd.pk, name.lower())
        if key in seen:
            errors.setdefault(
                "name",
                _("Inovasi dengan OPD dan nama yang sama sudah ada di baris %(row)d.")
                % {"row": seen[key]},
            )
        else:
            seen[key] = number
        innovation = existing.get(key)

    current = _profile(innovation) if innovation is not None else {}
    checked = consistency_errors(current | data, affair_codes=lookups.affair_codes)
    for key, message in checked.items():
        errors.setdefault(key, message)

    changes = data
    if innovation is not None:
        changes = {key: value for key, value in data.items() if current.get(key) != value}
        if changes and innovation.pk in locked and not errors:
            errors[""] = _(
                "Inovasi ini sedang %(status)s dan tidak dapat diubah lewat impor sampai dikembalikan oleh verifikator."
            ) % {"status": ReportStatus(locked[innovation.pk]).label.lower()}
    row_errors = [RowError(number, _title(key), message) for key, message in errors.items()]
    if row_errors:
        return None, row_errors
    return _Plan(number, changes, innovation), []


def _profile(innovation: Innovation) -> dict[str, Any]:
    return {column.key: getattr(innovation, column.key) for column in COLUMNS}


def _title(key: str) -> str:
    column = COLUMN_BY_KEY.get(key)
    return column.title if column is not None else ""


def _errors_of(row: int, error: ValidationError) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [
            RowError(row, _title(key), " ".join(messages))
            for key, messages in error.message_dict.items()
        ]
    return [RowError(row, "", " ".join(error.messages))]
