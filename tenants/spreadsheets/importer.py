"""Importing innovation profiles from a sheet as regions write them.

Two steps. `plan_innovations` reads the file (bounded: imports.reading) and checks every row
against the region's data without writing anything: each row is to be created, changed (every
field old → new), unchanged, or rejected with its reasons; an OPD the region does not have yet may
be proposed for creation (admins only). `apply_innovations` writes the applicable rows of a plan
in one transaction through the innovation services (permissions, validation and history as in the
form); `imports.runs` puts the admin's confirmation between the two.

What a cell means: blank (or a lone dash) keeps the stored value, `[kosongkan]` clears it, "Belum
ditentukan" is an answer (not known yet). Rows match existing innovations by (OPD, name ignoring
case), so importing the same file again changes nothing. A row whose innovation is submitted or
verified this year is rejected only if it would really change a field, and the message names
those fields."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.policy import Action, can, may_edit_some_innovation
from core.partial_dates import format_partial
from core.sheet_import import FileRejected, RowError
from imports.headers import find_header, titles_index
from imports.limits import DEFAULT_LIMITS, Limits
from imports.preview import Action as RowAction
from imports.preview import FieldChange, Preview, Problem, RowPreview
from imports.reading import XLSX, Table, formula_message, read_table
from rubric.models import GovernmentAffair
from rubric.years import current_year
from tenants.assessment.models import Report, ReportStatus
from tenants.innovations.models import Innovation
from tenants.innovations.services import RowInvalid, innovation_update, innovations_create_many
from tenants.innovations.validation import consistency_errors
from tenants.organization.models import OpdUnit
from tenants.organization.services import opd_unit_create
from tenants.spreadsheets.columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    SHEET_INNOVATIONS,
    Column,
    Kind,
    cell_value,
    precision_of,
)
from tenants.spreadsheets.parsing import (
    CellError,
    Lookups,
    UnknownOpd,
    asks_to_clear,
    empty_value,
    parse_cell,
    says_nothing,
)

if TYPE_CHECKING:
    from accounts.models import User
    from regions.models import Region

LOCKED = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)


@dataclass
class _RowPlan:
    row: int
    data: dict[str, Any]  # everything for a new innovation, only the changes for an existing one
    innovation: Innovation | None
    new_opd: str = ""  # the OPD to create first (the admin agreed), when the row names one
    opd_problem: str = ""  # why, if the admin does not agree: "not found; did you mean …"


@dataclass
class InnovationPlan:
    """What importing the file would do; nothing is written yet."""

    preview: Preview = field(default_factory=Preview)
    file_errors: list[RowError] = field(default_factory=list)
    rows: list[_RowPlan] = field(default_factory=list)
    deferred: bool = False  # more rows than row_limit: nothing checked, a worker will

    @property
    def readable(self) -> bool:
        return not self.file_errors


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0  # filled data rows read
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    opds_created: list[str] = field(default_factory=list)
    failed: bool = False  # the transaction was rolled back: nothing was written

    @property
    def ok(self) -> bool:
        return not self.errors


# --- planning -------------------------------------------------------------------------------


PROGRESS_EVERY = 200  # rows between two progress reports of a background check


def plan_innovations(
    *,
    region: Region,
    actor: User | None,
    file: IO[bytes],
    limits: Limits = DEFAULT_LIMITS,
    progress: Callable[[int, int], None] | None = None,
    row_limit: int | None = None,
) -> InnovationPlan:
    """Check every row of the file against the region's data; write nothing. With `row_limit`,
    a file with more rows is only read (bounded) and returned `deferred`."""
    if actor is not None and not may_edit_some_innovation(actor, region):
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
            return InnovationPlan(file_errors=exc.errors)
        if row_limit is not None and len(rows) > row_limit:
            return InnovationPlan(deferred=True)
        checker = _RowChecker(region, actor, columns, table)
        plan = InnovationPlan()
        for done, (number, values) in enumerate(rows):
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, len(rows))
            row_preview, row_plan = checker.check(number, values)
            plan.preview.rows.append(row_preview)
            if row_plan is not None:
                plan.rows.append(row_plan)
        plan.preview.proposals = sorted(checker.proposals)
    return plan


class _RowChecker:
    """Checks rows one by one against what was loaded once for the whole file."""

    def __init__(
        self, region: Region, actor: User | None, columns: dict[int, Column], table: Table
    ) -> None:
        self.region, self.actor, self.columns = region, actor, columns
        self.formulas = {(row, column - 1) for row, column in table.formulas}
        self.lookups = Lookups.load(region.name, region.kind)
        self.affairs = {affair.code: affair for affair in GovernmentAffair.objects.all()}
        self.existing = {
            (innovation.opd_id, innovation.name.lower()): innovation
            for innovation in Innovation.objects.select_related("opd")
        }
        self.locked = dict(
            Report.objects.filter(year=current_year(), status__in=LOCKED).values_list(
                "innovation_id", "status"
            )
        )
        self.may_create_opds = actor is None or can(actor, Action.MANAGE_OPD, region)
        self.proposals: set[str] = set()
        self.seen: dict[tuple[Any, str], int] = {}

    def check(self, number: int, values: tuple) -> tuple[RowPreview, _RowPlan | None]:
        data, errors, new_opd, opd_problem = self._cells(number, values)
        opd, name = data.get("opd"), data.get("name")
        label = " — ".join(
            part for part in (name, getattr(opd, "name", None) or new_opd) if part
        ) or _("(tanpa nama)")
        innovation = None
        if isinstance(opd, OpdUnit) and not self._may_edit(opd.pk):
            errors["opd"] = _("Anda hanya dapat mengimpor inovasi OPD Anda sendiri.")
            opd = None  # and nothing is said about that OPD's innovations
        owner = opd.pk if isinstance(opd, OpdUnit) else ("new", new_opd.lower())
        if (opd is not None or new_opd) and name:
            seen_key = (owner, name.lower())
            if seen_key in self.seen:
                errors.setdefault(
                    "name",
                    _("Inovasi dengan OPD dan nama yang sama sudah ada di baris %(row)d.")
                    % {"row": self.seen[seen_key]},
                )
            else:
                self.seen[seen_key] = number
            if isinstance(opd, OpdUnit):
                innovation = self.existing.get((opd.pk, name.lower()))

        current = _profile(innovation) if innovation is not None else {}
        checked = consistency_errors(current | data, affair_codes=self.lookups.affair_codes)
        for key, message in checked.items():
            errors.setdefault(key, message)

        changes = data if innovation is None else _changed(current, data)
        if innovation is not None and changes and innovation.pk in self.locked and not errors:
            errors[""] = _(
                "Inovasi ini sedang %(status)s; impor akan mengubah %(fields)s. Ubah lewat verifikator (kembalikan dulu) atau samakan isian ini dengan data tersimpan."
            ) % {
                "status": ReportStatus(self.locked[innovation.pk]).label.lower(),
                "fields": ", ".join(_title(key) for key in _shown_keys(changes)),
            }
        if errors:
            problems = [Problem(_title(key), message) for key, message in errors.items()]
            return RowPreview(number, label, RowAction.REJECT, problems=problems), None
        if innovation is None:
            action, shown = RowAction.CREATE, []
        else:
            action = RowAction.UPDATE if changes else RowAction.UNCHANGED
            shown = self._field_changes(current, changes)
        preview = RowPreview(number, label, action, changes=shown, needs=new_opd)
        return preview, _RowPlan(number, changes, innovation, new_opd, opd_problem)

    def _may_edit(self, opd_id: int) -> bool:
        return self.actor is None or can(
            self.actor, Action.EDIT_INNOVATION, self.region, opd_id=opd_id
        )

    def _cells(self, number: int, values: tuple) -> tuple[dict[str, Any], dict[str, str], str, str]:
        data: dict[str, Any] = {}
        errors: dict[str, str] = {}
        new_opd = opd_problem = ""
        for index, column in self.columns.items():
            value = values[index] if index < len(values) else None
            if (number, index) in self.formulas:
                errors[column.key] = formula_message()
            elif says_nothing(value):
                if column.required:
                    errors[column.key] = _("Wajib diisi.")
            elif asks_to_clear(value):
                if column.required:
                    errors[column.key] = _("Kolom ini tidak dapat dikosongkan.")
                else:
                    data.update(_stored(column, empty_value(column)))
            else:
                try:
                    data.update(_stored(column, parse_cell(column, value, self.lookups)))
                except UnknownOpd as exc:
                    if self.may_create_opds and exc.proposed_name:
                        new_opd, opd_problem = exc.proposed_name, str(exc)
                        self.proposals.add(new_opd)
                    else:
                        errors[column.key] = str(exc)
                except CellError as exc:
                    errors[column.key] = str(exc)
        return data, errors, new_opd, opd_problem

    def _field_changes(self, current: dict[str, Any], changes: dict[str, Any]) -> list[FieldChange]:
        merged = current | changes
        return [
            FieldChange(
                COLUMN_BY_KEY[key].title,
                self._shown(COLUMN_BY_KEY[key], current),
                self._shown(COLUMN_BY_KEY[key], merged),
            )
            for key in _shown_keys(changes)
        ]

    def _shown(self, column: Column, values: dict[str, Any]) -> str:
        """A field as the preview writes it: a date as written ("2 Februari 2021", "2021"),
        anything else as its cell."""
        value, precision = values.get(column.key), precision_of(column, values)
        if column.kind == Kind.DATE:
            return format_partial(value, precision)
        shown = cell_value(column, value, self.affairs, precision)
        return "" if shown is None else str(shown)


def _stored(column: Column, value: Any) -> dict[str, Any]:
    """The stored fields a parsed cell sets: a date sets its precision too."""
    if column.kind == Kind.DATE:
        if value is None:
            return {column.key: None, f"{column.key}_precision": "day"}
        return {column.key: value.value, f"{column.key}_precision": value.precision}
    return {column.key: value}


def _changed(current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for key, value in data.items():
        old = current.get(key)
        if key == "opd":
            assert old is not None  # current is a stored innovation's profile: its OPD is required
            same = old.pk == value.pk
        else:
            same = old == value
        if not same:
            changes[key] = value
    return changes


def _shown_keys(changes: dict[str, Any]) -> list[str]:
    """The columns a change touches, in the sheet's order (a precision belongs to its date)."""
    touched = {key.removesuffix("_precision") for key in changes}
    return [column.key for column in COLUMNS if column.key in touched]


def _profile(innovation: Innovation) -> dict[str, Any]:
    values = {column.key: getattr(innovation, column.key) for column in COLUMNS}
    for column in COLUMNS:
        if column.kind == Kind.DATE:
            values[f"{column.key}_precision"] = getattr(innovation, f"{column.key}_precision")
    return values


def _title(key: str) -> str:
    column = COLUMN_BY_KEY.get(key.removesuffix("_precision"))
    return column.title if column is not None else ""


# --- applying -------------------------------------------------------------------------------


class _RowFailed(Exception):
    def __init__(self, row: int, error: ValidationError) -> None:
        super().__init__(row)
        self.row = row
        self.error = error


def apply_innovations(
    *,
    region: Region,
    actor: User | None,
    plan: InnovationPlan,
    create_opds: set[str] | frozenset[str] = frozenset(),
) -> ImportResult:
    """Write the plan's applicable rows in one transaction: all of them or, if one fails (the data
    changed since the check), none. Rows needing an OPD the admin did not agree to create are
    skipped."""
    result = ImportResult(
        rows=len(plan.preview.rows), rejected=plan.preview.count(RowAction.REJECT)
    )
    result.errors = plan.preview.row_errors()
    with tenant_context(region):
        try:
            with transaction.atomic():
                units = _create_opds(region, actor, plan, create_opds, result)
                new_rows: list[_RowPlan] = []
                for row in plan.rows:
                    if row.new_opd and row.new_opd not in units:
                        result.rejected += 1
                        result.errors.append(RowError(row.row, _title("opd"), row.opd_problem))
                        continue
                    if row.new_opd:
                        row.data["opd"] = units[row.new_opd]
                    if row.innovation is None:
                        new_rows.append(row)
                    else:
                        _write(region, actor, row, result)
                _create(region, actor, new_rows, result)
        except _RowFailed as failed:
            return ImportResult(
                rows=result.rows, errors=_errors_of(failed.row, failed.error), failed=True
            )
    return result


def _create_opds(
    region: Region,
    actor: User | None,
    plan: InnovationPlan,
    wanted: set[str] | frozenset[str],
    result: ImportResult,
) -> dict[str, OpdUnit]:
    units = {}
    for name in plan.preview.proposals:
        if name not in wanted:
            continue
        unit = opd_unit_create(region=region, actor=actor, data={"name": name})
        units[name] = unit
        result.opds_created.append(name)
    return units


def _create(region: Region, actor: User | None, rows: list[_RowPlan], result: ImportResult) -> None:
    """The new innovations, written together (one INSERT per table)."""
    try:
        innovations_create_many(region=region, actor=actor, rows=[row.data for row in rows])
    except RowInvalid as exc:
        raise _RowFailed(rows[exc.index].row, exc) from exc
    result.created += len(rows)


def _write(region: Region, actor: User | None, plan: _RowPlan, result: ImportResult) -> None:
    assert plan.innovation is not None  # only rows of existing innovations are written here
    try:
        if plan.data:
            innovation_update(
                region=region, actor=actor, innovation=plan.innovation, data=plan.data
            )
            result.updated += 1
        else:
            result.unchanged += 1
    except ValidationError as exc:
        raise _RowFailed(plan.row, exc) from exc


def import_innovations(
    *,
    region: Region,
    actor: User | None,
    file: IO[bytes],
    limits: Limits = DEFAULT_LIMITS,
    create_opds: set[str] | frozenset[str] = frozenset(),
) -> ImportResult:
    """Plan and apply at once, without a preview (scripts, benchmarks, tests). Pages use
    imports.runs so the admin sees the preview and confirms first."""
    plan = plan_innovations(region=region, actor=actor, file=file, limits=limits)
    if not plan.readable:
        return ImportResult(errors=plan.file_errors)
    return apply_innovations(region=region, actor=actor, plan=plan, create_opds=create_opds)


# --- the file -------------------------------------------------------------------------------


def _columns_and_rows(
    table: Table, limits: Limits
) -> tuple[dict[int, Column], list[tuple[int, tuple]]]:
    """The columns found in the header (the first of the leading rows naming the innovation and
    its OPD; a title above it is skipped), by position, and the data rows below it."""
    header = find_header(
        table.rows,
        titles_index(COLUMNS, lambda column: (column.title, *column.aliases, column.key)),
        key_of=lambda column: column.key,
        title_of=lambda column: column.title,
        is_header=lambda keys: {"name", "opd"} <= keys,
    )
    found = {column.key for column in header.columns.values()}
    missing = [
        RowError(header.row, column.title, _("Kolom wajib tidak ada. Gunakan templat terbaru."))
        for column in COLUMNS
        if column.required and column.key not in found
    ]
    if missing:
        raise FileRejected(missing)
    if not header.data:
        raise FileRejected([RowError(None, "", _("Tidak ada baris inovasi di berkas ini."))])
    if len(header.data) > limits.max_rows:
        raise FileRejected([RowError(None, "", _too_many(limits))])
    return header.columns, header.data


def _too_many(limits: Limits) -> str:
    return _("Berkas berisi lebih dari %(limit)d baris; bagi menjadi beberapa berkas.") % {
        "limit": limits.max_rows
    }


def _errors_of(row: int, error: ValidationError) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [
            RowError(row, _title(key), " ".join(messages))
            for key, messages in error.message_dict.items()
        ]
    return [RowError(row, "", " ".join(error.messages))]
