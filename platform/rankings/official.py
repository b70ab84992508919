"""Official results: the index each region officially received for a year, as published by the
national assessment (Kemendagri/BSKDN), imported from a CSV or xlsx file by a platform operator.

It runs through the import engine (imports.runs) like the innovation import: `plan_official_results`
checks every row and builds the preview (new, changed with old → new, unchanged, rejected with
its reasons) without writing; the page applies it when the operator confirms. The command line
(`import_official_results`) writes only a file whose every row is accepted. Rows are keyed by
(region, year), so importing a corrected file again updates the rows it names instead of adding
new ones."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import EventType, record_event
from core.sheet_import import FileRejected, RowError, is_blank
from imports.headers import find_header, titles_index
from imports.limits import DEFAULT_LIMITS
from imports.preview import Action, FieldChange, Preview, Problem, RowPreview
from imports.reading import formula_message, read_table
from imports.vocabulary import Vocabulary, vocabulary
from rankings.models import OfficialResult, RankScope, ResultStatus
from regions.models import Region
from regions.names import AmbiguousName, RegionNames
from rubric.bands import YearBands, bands_for
from rubric.formula import Band

if TYPE_CHECKING:
    from accounts.models import User

# Not in core.audit.EventType, which belongs to another change; the value is what is stored.
OFFICIAL_RESULTS_IMPORTED = EventType.OFFICIAL_RESULTS_IMPORTED

# 552 regions times a few years of history: the shared limits (imports.limits) fit this file too.
MAX_BYTES = DEFAULT_LIMITS.max_bytes
MAX_ROWS = DEFAULT_LIMITS.max_rows
# The IID is published since the 2018 assessment; earlier years are typing mistakes.
FIRST_YEAR = 2018
_source_length = OfficialResult._meta.get_field("source").max_length
assert _source_length is not None  # a CharField: it has a max_length
MAX_SOURCE_LENGTH: int = _source_length
TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)

PREDICATE_VOCABULARY = "predicate"
SCOPE_VOCABULARY = "rank-scope"
STATUS_VOCABULARY = "result-status"


SHEET_RESULTS = "Hasil resmi"
SHEET_HELP = "Petunjuk"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # as the template writes it and as errors name it
    aliases: tuple[str, ...]
    help: Any  # lazy text for the instruction sheet


COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        "kode",
        ("kode wilayah", "kode daerah", "kode kemendagri", "kode pemda", "kode wilayah kemendagri"),
        gettext_lazy(
            "Kode wilayah Kemendagri: 63.03 untuk kabupaten/kota, 63 untuk provinsi. Wajib bila kolom nama kosong; bila keduanya diisi, kode yang dipakai."
        ),
    ),
    Column(
        "name",
        "nama",
        ("nama daerah", "nama pemda", "pemda", "daerah", "pemerintah daerah", "wilayah"),
        gettext_lazy(
            "Nama resmi daerah, misalnya Kabupaten Banjar, Kota Banjarmasin, Provinsi Kalimantan Selatan. Dipakai hanya bila kode kosong; nama yang dimiliki lebih dari satu daerah harus diganti kode."
        ),
    ),
    Column(
        "year",
        "tahun",
        ("tahun penilaian", "tahun iid"),
        gettext_lazy(
            "Tahun penilaian IID, misalnya 2023. Boleh kosong bila tahun dipilih saat mengunggah."
        ),
    ),
    Column(
        "index",
        "indeks",
        ("indeks inovasi", "indeks inovasi daerah", "nilai indeks", "nilai", "skor", "iid"),
        gettext_lazy(
            "Indeks resmi 0 sampai 100; koma atau titik desimal, misalnya 67,45. Boleh kosong bila hasilnya diumumkan dengan predikat saja."
        ),
    ),
    Column(
        "predicate",
        "predikat",
        ("kategori", "predikat iid"),
        gettext_lazy(
            "Boleh kosong: predikat lalu ditentukan dari indeks dengan batas predikat rubrik tahun itu. Bila diisi, harus salah satu predikat rubrik, misalnya Sangat Inovatif."
        ),
    ),
    Column(
        "rank",
        "peringkat",
        ("peringkat nasional", "ranking"),
        gettext_lazy(
            "Boleh kosong. Peringkat seperti yang diumumkan: 12, atau 53/415, atau 53 dari 415 kabupaten."
        ),
    ),
    Column(
        "scope",
        "lingkup peringkat",
        ("lingkup", "peringkat di antara", "kategori peringkat", "klaster"),
        gettext_lazy(
            "Boleh kosong: di antara siapa peringkat itu — nasional, kabupaten, kota, kabupaten/kota, provinsi, atau dalam provinsi. Bila kosong: nasional untuk peringkat tanpa jumlah, sejenis daerahnya (kabupaten, kota atau provinsi) untuk peringkat seperti 53/415."
        ),
    ),
    Column(
        "status",
        "status",
        ("status hasil", "status indeks", "keterangan status"),
        gettext_lazy(
            "Boleh kosong (final). Sementara untuk indeks sementara yang diumumkan sebelum validasi."
        ),
    ),
    Column(
        "source",
        "sumber",
        ("sumber data", "dasar", "source"),
        gettext_lazy("Boleh kosong: sumber baris ini bila berbeda dari sumber seluruh berkas."),
    ),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
# English headers are accepted too: files are sometimes prepared by international partners.
ENGLISH_ALIASES = {
    "code": "code",
    "region code": "code",
    "name": "name",
    "region": "name",
    "year": "year",
    "index": "index",
    "score": "index",
    "predicate": "predicate",
    "rank": "rank",
}


@dataclass
class ImportOutcome:
    errors: list[RowError] = field(default_factory=list)
    rows: int = 0  # filled data rows read
    created: int = 0
    updated: int = 0
    demo_removed: int = 0
    years: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class _Plan:
    row: int
    region: Region
    year: int
    index: Decimal | None
    band: Band
    rank: int | None
    rank_scope: str = ""
    rank_total: int | None = None
    status: str = ResultStatus.FINAL
    source: str = ""  # this row's own source; "" takes the file's
    warning: str = ""  # accepted as published, but worth a look (a predicate against its band)

    def result(self, file_source: str, **stored: Any) -> OfficialResult:
        """The row this plan writes (unsaved); `stored` adds what only writing knows."""
        return OfficialResult(
            region=self.region,
            year=self.year,
            index=self.index,
            predicate_code=self.band.code,
            predicate_label=self.band.label,
            status=self.status,
            rank=self.rank,
            rank_scope=self.rank_scope,
            rank_total=self.rank_total,
            source=self.source or file_source,
            **stored,
        )


class _CellError(Exception):
    pass


# --- the service ----------------------------------------------------------------------------


@dataclass
class OfficialPlan:
    """What importing the file would do; nothing is written yet."""

    preview: Preview = field(default_factory=Preview)
    file_errors: list[RowError] = field(default_factory=list)
    plans: list[_Plan] = field(default_factory=list)
    rows: int = 0
    deferred: bool = False  # more rows than row_limit: nothing checked, a worker will


def plan_official_results(
    file: IO[bytes],
    *,
    filename: str,
    year: int | None = None,
    source: str,
    progress: Any = None,
    row_limit: int | None = None,
) -> OfficialPlan:
    """Check every row of the CSV or xlsx and say what each would do. `year` fills rows whose
    tahun cell is empty (or a file without that column); a row naming another year is refused,
    since the operator said which year the file is."""
    source = " ".join((source or "").split())
    try:
        _check_arguments(year, source)
        table = read_table(file, filename=filename, sheets=(SHEET_RESULTS,))
        columns, data = _split_header(table.rows, year_given=year is not None)
        lookups = _Lookups.load()
    except FileRejected as exc:
        return OfficialPlan(file_errors=exc.errors)
    if row_limit is not None and len(data) > row_limit:
        return OfficialPlan(rows=len(data), deferred=True)

    plan = OfficialPlan(rows=len(data))
    seen: dict[tuple[int, int], int] = {}
    checked: list[tuple[int, _Plan | None, list[RowError], str]] = []
    for done, (number, values) in enumerate(data):
        if progress is not None and done % 200 == 0:
            progress(done, len(data))
        unread = [
            RowError(number, column.title, formula_message())
            for position, column in columns.items()
            if table.formula_at(number, position)
        ]
        if unread:  # the row's other checks would only say these cells are empty
            checked.append((number, None, unread, _row_label(values, columns)))
            continue
        row_plan, row_errors = _check_row(number, values, columns, year, lookups, seen)
        checked.append((number, row_plan, row_errors, _row_label(values, columns)))
    stored = _stored_results([row_plan for _n, row_plan, _e, _l in checked if row_plan])
    for number, row_plan, row_errors, label in checked:
        if row_plan is None:
            problems = [Problem(error.column, error.message) for error in row_errors]
            plan.preview.rows.append(RowPreview(number, label, Action.REJECT, problems=problems))
            continue
        plan.plans.append(row_plan)
        plan.preview.rows.append(_row_preview(row_plan, stored, source))
    plan.preview.notes = _demo_notes(sorted({row_plan.year for row_plan in plan.plans}))
    return plan


def clear_demo_results(years: list[int] | None = None) -> int:
    """Remove the demo results of these years (all years when None); real ones stay."""
    demo = OfficialResult.objects.filter(is_demo=True)
    if years is not None:
        demo = demo.filter(year__in=years)
    return demo.delete()[0]


def _demo_notes(years: list[int]) -> list[str]:
    """A real import of a year replaces that year's demo results, for every region."""
    counts = (
        OfficialResult.objects.filter(year__in=years, is_demo=True)
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return [
        _(
            "Tahun %(year)d: %(count)d hasil demo (semua daerah) dihapus saat impor ini diterapkan, agar data demo tidak bercampur dengan hasil resmi."
        )
        % {"year": row["year"], "count": row["n"]}
        for row in counts
    ]


def _row_label(values: tuple, columns: dict[int, Column]) -> str:
    cells = [
        _as_text(values[position])
        for position, column in columns.items()
        if column.key in ("code", "name", "year")
        and position < len(values)
        and not is_blank(values[position])
    ]
    return " · ".join(cells) or "—"


def _stored_results(plans: list[_Plan]) -> dict[tuple[int, int], OfficialResult]:
    if not plans:
        return {}
    found = OfficialResult.objects.filter(
        region__in={plan.region.pk for plan in plans}, year__in={plan.year for plan in plans}
    )
    return {(result.region_id, result.year): result for result in found}


def _row_preview(
    plan: _Plan, stored: dict[tuple[int, int], OfficialResult], source: str
) -> RowPreview:
    label = f"{plan.region.display_name} · {plan.year}"
    warnings = [Problem(COLUMN_BY_KEY["predicate"].title, plan.warning)] if plan.warning else []
    old = stored.get((plan.region.pk, plan.year))
    if old is None:
        return RowPreview(plan.row, label, Action.CREATE, warnings=warnings)
    new = plan.result(source)
    pairs = (
        (COLUMN_BY_KEY["index"].title, _number_text(old.index), _number_text(new.index)),
        (COLUMN_BY_KEY["predicate"].title, old.predicate_label, new.predicate_label),
        (COLUMN_BY_KEY["rank"].title, old.rank_text, new.rank_text),
        (COLUMN_BY_KEY["status"].title, old.get_status_display(), new.get_status_display()),
        (COLUMN_BY_KEY["source"].title, old.source, new.source),
    )
    changes = [
        FieldChange(title, before, after) for title, before, after in pairs if before != after
    ]
    action = Action.UPDATE if changes else Action.UNCHANGED
    return RowPreview(plan.row, label, action, changes, warnings=warnings)


def _number_text(value: Any) -> str:
    return "" if value is None else str(value)


def apply_official_results(
    plan: OfficialPlan, *, filename: str, source: str, user: User | None
) -> ImportOutcome:
    """Create or update the plan's accepted rows in one transaction with one audit event."""
    source = " ".join((source or "").split())
    outcome = ImportOutcome(rows=plan.rows)
    outcome.errors = plan.preview.row_errors()
    if plan.plans:
        outcome.years = sorted({row_plan.year for row_plan in plan.plans})
        _write(plan.plans, outcome, filename=filename, source=source, user=user)
    return outcome


def import_official_results(
    file: IO[bytes],
    *,
    filename: str,
    year: int | None = None,
    source: str,
    user: User | None,
) -> ImportOutcome:
    """Without a preview (the command line): the file is written only if every row is accepted;
    otherwise nothing is, and every problem is returned."""
    plan = plan_official_results(file, filename=filename, year=year, source=source)
    if plan.file_errors:
        return ImportOutcome(errors=plan.file_errors)
    if plan.preview.count(Action.REJECT):
        return ImportOutcome(rows=plan.rows, errors=plan.preview.row_errors())
    return apply_official_results(plan, filename=filename, source=source, user=user)


def _check_arguments(year: int | None, source: str) -> None:
    errors = []
    if year is not None and not FIRST_YEAR <= year <= _last_year():
        errors.append(RowError(None, COLUMN_BY_KEY["year"].title, _year_range_message(year)))
    if len(source) > MAX_SOURCE_LENGTH:
        errors.append(
            RowError(
                None,
                "",
                _("Sumber terlalu panjang: paling banyak %(limit)d karakter.")
                % {"limit": MAX_SOURCE_LENGTH},
            )
        )
    if errors:
        raise FileRejected(errors)


def _write(
    plans: list[_Plan], outcome: ImportOutcome, *, filename: str, source: str, user: User | None
) -> None:
    now = timezone.now()
    imported_by = user if user is not None and user.is_authenticated else None
    rows = [plan.result(source, imported_at=now, imported_by=imported_by) for plan in plans]
    with transaction.atomic():
        # The first real results of a year replace all of that year's demo results.
        outcome.demo_removed = OfficialResult.objects.filter(
            year__in=outcome.years, is_demo=True
        ).delete()[0]
        existing = set(
            OfficialResult.objects.filter(
                year__in=outcome.years, region__in=[plan.region for plan in plans]
            ).values_list("region_id", "year")
        )
        # One INSERT … ON CONFLICT (region, year) DO UPDATE: the update_or_create of every row in
        # a single statement, which also cannot trip over a concurrent import of the same rows.
        OfficialResult.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["region", "year"],
            update_fields=[
                "index",
                "predicate_code",
                "predicate_label",
                "status",
                "rank",
                "rank_scope",
                "rank_total",
                "is_demo",
                "source",
                "imported_at",
                "imported_by",
            ],
        )
        outcome.updated = sum((plan.region.pk, plan.year) in existing for plan in plans)
        outcome.created = len(plans) - outcome.updated
        record_event(
            OFFICIAL_RESULTS_IMPORTED,
            actor=user,
            data={
                "filename": filename,
                "source": source,
                "rows": outcome.rows,
                "created": outcome.created,
                "updated": outcome.updated,
                "years": outcome.years,
            },
        )


# --- the file -------------------------------------------------------------------------------


def _split_header(
    lines: list[tuple[int, tuple]], *, year_given: bool
) -> tuple[dict[int, Column], list[tuple[int, tuple]]]:
    """The columns by position, read from the header row (the first of the leading rows that
    names the index and the region), and the data rows below it."""
    header = find_header(
        lines,
        _known_titles(),
        key_of=lambda column: column.key,
        title_of=lambda column: column.title,
        is_header=lambda keys: "index" in keys and bool(keys & {"code", "name"}),
    )
    found = {column.key for column in header.columns.values()}
    errors: list[RowError] = []
    if "index" not in found:
        errors.append(
            RowError(header.row, COLUMN_BY_KEY["index"].title, _("Kolom wajib tidak ada."))
        )
    if "code" not in found and "name" not in found:
        errors.append(
            RowError(
                header.row,
                COLUMN_BY_KEY["code"].title,
                _("Kolom wajib tidak ada: isi kolom kode (atau nama) daerah."),
            )
        )
    if "year" not in found and not year_given:
        errors.append(
            RowError(
                header.row,
                COLUMN_BY_KEY["year"].title,
                _("Kolom tahun tidak ada; tambahkan kolom tahun atau pilih tahun penilaian."),
            )
        )
    if errors:
        raise FileRejected(errors)
    if not header.data:
        raise FileRejected([RowError(None, "", _("Tidak ada baris data di bawah judul kolom."))])
    if len(header.data) > MAX_ROWS:
        raise FileRejected(
            [
                RowError(
                    None,
                    "",
                    _("Berkas berisi lebih dari %(limit)d baris; bagi menjadi beberapa berkas.")
                    % {"limit": MAX_ROWS},
                )
            ]
        )
    return header.columns, header.data


def _known_titles() -> dict[str, Column]:
    return titles_index(
        [*COLUMNS, *(COLUMN_BY_KEY[key] for key in ENGLISH_ALIASES.values())],
        lambda column: (
            column.title,
            *column.aliases,
            *(title for title, key in ENGLISH_ALIASES.items() if key == column.key),
        ),
    )


# --- lookups ----------------------------------------------------------------------------------


@dataclass
class _Lookups:
    """Everything a row is checked against, read once per import."""

    by_code: dict[str, Region]
    names: RegionNames
    region_count: int
    scope_words: Vocabulary
    status_words: Vocabulary
    predicates: dict[int, Vocabulary] = field(default_factory=dict)  # by year

    @classmethod
    def load(cls) -> _Lookups:
        regions = list(Region.objects.only("pk", "code", "name", "kind"))
        return cls(
            by_code={region.code: region for region in regions},
            names=RegionNames(regions),
            region_count=len(regions),
            scope_words=vocabulary(SCOPE_VOCABULARY, dict(RankScope.choices)),
            status_words=vocabulary(STATUS_VOCABULARY, dict(ResultStatus.choices)),
        )

    def predicate_words(self, year: int) -> Vocabulary:
        """The predicate vocabulary over `year`'s bands, under their names of that year (built
        once per year)."""
        if year not in self.predicates:
            self.predicates[year] = vocabulary(
                PREDICATE_VOCABULARY, {band.code: band.label for band in bands_for(year).bands}
            )
        return self.predicates[year]

    def region_by_name(self, text: str) -> Region:
        """The region a name means, or _CellError saying why not (with "did you mean")."""
        try:
            region = self.names.find(text)
        except AmbiguousName:
            raise _CellError(
                _(
                    "Nama %(value)s dimiliki lebih dari satu daerah; isi kode wilayahnya atau nama lengkap (Kabupaten …, Kota …, Provinsi …)."
                )
                % {"value": f"“{text}”"}
            ) from None
        if region is None:
            close = self.names.suggest(text)
            hint = (
                " " + _("Maksud Anda: %(values)s?") % {"values": ", ".join(close)} if close else ""
            )
            raise _CellError(
                _(
                    "Daerah bernama %(value)s tidak ditemukan; periksa ejaannya atau isi kode wilayah."
                )
                % {"value": f"“{text}”"}
                + hint
            )
        return region


# --- one row --------------------------------------------------------------------------------


def _check_row(
    number: int,
    values: tuple,
    columns: dict[int, Column],
    chosen_year: int | None,
    lookups: _Lookups,
    seen: dict[tuple[int, int], int],
) -> tuple[_Plan | None, list[RowError]]:
    cells = {
        column.key: values[position] if position < len(values) else None
        for position, column in columns.items()
    }
    errors: dict[str, str] = {}

    region, region_key = None, "code"
    if not is_blank(cells.get("code")):
        try:
            region = _parse_region_code(cells["code"], lookups)
        except _CellError as exc:
            errors["code"] = str(exc)
    elif not is_blank(cells.get("name")):
        region_key = "name"
        try:
            region = lookups.region_by_name(_as_text(cells["name"]))
        except _CellError as exc:
            errors["name"] = str(exc)
    else:
        region_key = "code" if "code" in cells else "name"
        errors[region_key] = _("Isi kode wilayah atau nama daerah.")

    year = None
    try:
        year = _parse_year(cells.get("year"), chosen_year)
    except _CellError as exc:
        errors["year"] = str(exc)

    index = None
    if is_blank(cells.get("index")):
        if is_blank(cells.get("predicate")):
            errors["index"] = _("Isi indeks, atau predikat bila hasilnya diumumkan tanpa angka.")
    else:
        try:
            index = _parse_index(cells["index"])
        except _CellError as exc:
            errors["index"] = str(exc)

    band, warning = None, ""
    if year is not None:
        bands = bands_for(year)
        if not is_blank(cells.get("predicate")):
            try:
                band = _parse_predicate(cells["predicate"], bands, lookups.predicate_words(year))
            except _CellError as exc:
                errors["predicate"] = str(exc)
            else:
                warning = _contradiction(band, index, bands)
        elif index is not None:
            band = bands.band_for(index)

    rank = total = None
    scope = ""
    if not is_blank(cells.get("rank")):
        try:
            rank, total, scope = _parse_rank(
                cells["rank"], lookups.region_count, lookups.scope_words
            )
        except _CellError as exc:
            errors["rank"] = str(exc)
    if not is_blank(cells.get("scope")):
        scope = lookups.scope_words.resolve(_as_text(cells["scope"])) or ""
        if not scope:
            errors["scope"] = _(
                "Lingkup %(value)s tidak dikenal; tulis nasional, kabupaten, kota, kabupaten/kota, provinsi atau dalam provinsi."
            ) % {"value": f"“{_as_text(cells['scope'])}”"}
    if rank is not None and not scope and region is not None:
        # No scope said: a plain rank is national; "53/415" is among regions of its kind.
        scope = RankScope.NATIONAL if total is None else _kind_scope(region)

    status: str = ResultStatus.FINAL
    if not is_blank(cells.get("status")):
        status = lookups.status_words.resolve(_as_text(cells["status"])) or ""
        if not status:
            errors["status"] = _("Status %(value)s tidak dikenal; tulis final atau sementara.") % {
                "value": f"“{_as_text(cells['status'])}”"
            }
    source = (
        " ".join(_as_text(cells["source"]).split()) if not is_blank(cells.get("source")) else ""
    )
    if len(source) > MAX_SOURCE_LENGTH:
        errors["source"] = _("Sumber terlalu panjang: paling banyak %(limit)d karakter.") % {
            "limit": MAX_SOURCE_LENGTH
        }

    if region is not None and year is not None:
        key = (region.pk, year)
        if key in seen:
            errors.setdefault(
                region_key,
                _("%(region)s tahun %(year)d sudah ada di baris %(row)d.")
                % {"region": region.display_name, "year": year, "row": seen[key]},
            )
        else:
            seen[key] = number

    if errors:
        return None, [
            RowError(number, COLUMN_BY_KEY[key].title, message) for key, message in errors.items()
        ]
    assert region is not None and year is not None and band is not None
    plan = _Plan(
        number,
        region,
        year,
        index,
        band,
        rank,
        rank_scope=scope,
        rank_total=total,
        status=status,
        source=source,
        warning=warning,
    )
    return plan, []


def _contradiction(band: Band, index: Decimal | None, bands: YearBands) -> str:
    """A warning when a published predicate is not the one the year's bands give its index
    (stored as published all the same: the authority's word is the record)."""
    if index is None:
        return ""
    expected = bands.band_for(index)
    if expected.code == band.code:
        return ""
    return _(
        "Predikat %(given)s tidak sesuai batas predikat tahun %(year)d: indeks %(index)s memberi %(expected)s. Disimpan seperti yang diumumkan; periksa sumbernya."
    ) % {"given": band.label, "year": bands.year, "index": index, "expected": expected.label}


def _kind_scope(region: Region) -> str:
    return {
        "kabupaten": RankScope.KABUPATEN,
        "kota": RankScope.KOTA,
        "provinsi": RankScope.PROVINSI,
    }.get(region.kind, RankScope.NATIONAL)


def _parse_region_code(value: Any, lookups: _Lookups) -> Region:
    text = _as_text(value)
    if isinstance(value, float) and not value.is_integer():
        # A code typed into a number cell: 63.10 is stored as 63.1.
        text = f"{value:.2f}"
    match = re.fullmatch(r"(\d{2})(?:[.,](\d{1,2}))?", text) or re.fullmatch(
        r"(\d{2})(\d{2})", text
    )
    if match is None:
        raise _CellError(
            _(
                "Kode wilayah %(value)s tidak valid; tulis seperti 63.03 (kabupaten/kota) atau 63 (provinsi)."
            )
            % {"value": f"“{text}”"}
        )
    province, local = match.groups()
    # A number-formatted code loses its trailing zero ("63.1"): Kemendagri parts are two digits.
    code = province if local is None else f"{province}.{local.ljust(2, '0')}"
    region = lookups.by_code.get(code)
    if region is None:
        raise _CellError(_("Kode wilayah %(value)s tidak dikenal.") % {"value": f"“{code}”"})
    return region


def _parse_year(value: Any, chosen_year: int | None) -> int:
    if is_blank(value):
        if chosen_year is None:
            raise _CellError(_("Wajib diisi, atau pilih tahun penilaian untuk seluruh berkas."))
        return chosen_year
    number = _whole_number(value)
    if number is None:
        raise _CellError(
            _("Tahun %(value)s bukan angka tahun, misalnya 2023.")
            % {"value": f"“{_as_text(value)}”"}
        )
    if not FIRST_YEAR <= number <= _last_year():
        raise _CellError(_year_range_message(number))
    if chosen_year is not None and number != chosen_year:
        raise _CellError(
            _("Tahun %(year)d berbeda dengan tahun penilaian yang dipilih (%(chosen)d).")
            % {"year": number, "chosen": chosen_year}
        )
    return number


def _year_range_message(year: int) -> str:
    return _("Tahun %(year)d tidak masuk akal; isi tahun %(first)d sampai %(last)d.") % {
        "year": year,
        "first": FIRST_YEAR,
        "last": _last_year(),
    }


def _last_year() -> int:
    # Results are published during or after their year, never before it.
    return timezone.localdate().year


def _parse_index(value: Any) -> Decimal:
    number = _decimal(value)
    if number is None:
        raise _CellError(
            _("Indeks %(value)s bukan angka; tulis misalnya 67,45 atau 67.45.")
            % {"value": f"“{_as_text(value)}”"}
        )
    if not 0 <= number <= HUNDRED:
        raise _CellError(
            _("Indeks %(value)s di luar rentang 0 sampai 100.") % {"value": f"“{_as_text(value)}”"}
        )
    return number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _parse_predicate(value: Any, bands: YearBands, words: Vocabulary) -> Band:
    """The year's band a predicate names, in the forms published lists write (vocabulary
    "predicate": case, spacing, hyphens, common misspellings and abbreviations)."""
    by_code = {band.code: band for band in bands.bands}
    code = words.resolve(_as_text(value))
    if code is not None:
        return by_code[code]
    close = words.suggest(_as_text(value))
    hint = " " + _("Maksud Anda: %(values)s?") % {"values": ", ".join(close)} if close else ""
    raise _CellError(
        _("Predikat %(value)s tidak dikenal untuk tahun %(year)d; pilih salah satu: %(allowed)s.")
        % {
            "value": f"“{_as_text(value)}”",
            "year": bands.year,
            "allowed": ", ".join(band.label for band in bands.bands),
        }
        + hint
    )


_RANK = re.compile(
    r"^(?:peringkat\s+)?(?:ke\s*-?\s*)?(\d{1,4})(?:\s*(?:/|dari)\s*(\d{1,4}))?\s*([a-z /-]*)$"
)


def _parse_rank(value: Any, limit: int, scope_words: Vocabulary) -> tuple[int, int | None, str]:
    """A rank as publications write it: 12, "53/415", "53 dari 415", "53 dari 415 kabupaten",
    "peringkat ke-3 dari 13 (dalam provinsi)": the rank, the total it is out of, and the scope
    when the words say it ("" otherwise)."""
    number = _whole_number(value)
    total, scope = None, ""
    if number is None:
        text = " ".join(_as_text(value).casefold().replace("(", " ").replace(")", " ").split())
        match = _RANK.match(text)
        if match is None:
            raise _CellError(
                _(
                    "Peringkat %(value)s tidak dikenali; tulis 12, 53/415 atau 53 dari 415 kabupaten."
                )
                % {"value": f"“{_as_text(value)}”"}
            )
        number = int(match.group(1))
        total = int(match.group(2)) if match.group(2) else None
        words = match.group(3).strip()
        if words:
            scope = scope_words.resolve(words) or ""
            if not scope:
                raise _CellError(
                    _("Lingkup peringkat %(value)s tidak dikenal.") % {"value": f"“{words}”"}
                )
    if not 1 <= number <= limit or (total is not None and not number <= total <= limit):
        raise _CellError(
            _(
                "Peringkat harus bilangan bulat antara 1 dan %(limit)d (dan tidak lebih dari jumlahnya)."
            )
            % {"limit": limit}
        )
    return number, total, scope


def _whole_number(value: Any) -> int | None:
    number = _decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _decimal(value: Any) -> Decimal | None:
    """A number from a cell: Excel numbers, or text with a decimal point or a decimal comma."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = _as_text(value).replace(" ", "")
        if "," in text and "." in text:
            return None  # "1.234,5" is no index; guessing the convention could misread it
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            return None
    return number if number.is_finite() else None


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    return str(value).strip()
