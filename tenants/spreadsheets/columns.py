"""The columns of the innovation spreadsheet, shared by the template, the importer and the export
(so an exported file can be edited and imported again). Which fields, with which titles, help and
other accepted titles, is the profile registry's to say (tenants.innovations.profile).

Column titles and choice labels are a data format, not interface text: they are always written in
Bahasa Indonesia (the language of the national application) whatever the user's interface
language, and the importer also accepts the labels of the active language and the stored codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import TextChoices
from django.utils import translation
from django.utils.functional import Promise

from core.partial_dates import DatePrecision, format_partial
from tenants.innovations.models import Innovation
from tenants.innovations.profile import SHEET_FIELDS, Kind

if TYPE_CHECKING:
    from rubric.models import GovernmentAffair

SHEET_INNOVATIONS = "Inovasi"
SHEET_HELP = "Petunjuk"
SHEET_REFERENCE = "Referensi"
DIGITAL, NON_DIGITAL = "Digital", "Non digital"
DATE_FORMAT = "DD/MM/YYYY"
UNKNOWN = "Belum ditentukan"


@dataclass(frozen=True)
class Column:
    key: str  # the Innovation field
    title: str
    kind: Kind
    help: str | Promise
    required: bool = False
    choices: type[TextChoices] | None = None
    aliases: tuple[str, ...] = ()
    width: int = 20

    @property
    def max_length(self) -> int | None:
        return getattr(Innovation._meta.get_field(self.key), "max_length", None)


# The profile's fields that a spreadsheet carries, as the registry declares them (its order is
# the national form's, and so the sheet's).
COLUMNS: tuple[Column, ...] = tuple(
    Column(
        item.name,
        item.sheet.title,
        item.kind,
        item.sheet.help,
        required=item.sheet.required,
        choices=item.choices,
        aliases=item.sheet.aliases,
        width=item.sheet.width,
    )
    for item in SHEET_FIELDS
    if item.sheet is not None
)

COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
COORDINATE_RANGE = {"latitude": Decimal(90), "longitude": Decimal(180)}


def normalise(text: object) -> str:
    """Lower case with single spaces: how titles and labels are compared."""
    return " ".join(str(text).split()).casefold()


def choice_labels(choices: type[TextChoices]) -> list[str]:
    """The Indonesian labels of `choices`, in order."""
    with translation.override("id"):
        return [str(label) for label in choices.labels]


def choice_label(choices: type[TextChoices], value: str) -> str:
    with translation.override("id"):
        return str(choices(value).label) if value in choices.values else value


def affair_names(codes: list[str], affairs: dict[str, GovernmentAffair]) -> str:
    return ", ".join(affairs[code].name if code in affairs else code for code in codes)


def cell_value(
    column: Column, value: Any, affairs: dict[str, Any], precision: str = DatePrecision.DAY
) -> Any:
    """A profile value as the sheet writes it (the export, the preview's old → new): labels for
    choices, "Belum ditentukan" for an unknown one, names for OPD and urusan, a date as it was
    written (an Excel date for a day; "Februari 2021" or "2021" as text)."""
    if column.kind == Kind.OPD:
        return getattr(value, "name", value)
    if column.kind == Kind.CHOICE:
        assert column.choices is not None  # every CHOICE column names its choices
        return choice_label(column.choices, value) if value else UNKNOWN
    if column.kind == Kind.DIGITAL:
        return UNKNOWN if value is None else (DIGITAL if value else NON_DIGITAL)
    if column.kind == Kind.AFFAIR:
        if not value:
            return UNKNOWN
        return affairs[value].name if value in affairs else value
    if column.kind == Kind.AFFAIRS:
        return affair_names(value or [], affairs)
    if column.kind == Kind.MONEY and value is not None:
        return int(value)
    if column.kind == Kind.DATE and value is not None and precision != DatePrecision.DAY:
        return format_partial(value, precision)
    return value


def precision_of(column: Column, source: Any) -> str:
    """The precision stored next to a date column, from an innovation or a dict."""
    key = f"{column.key}_precision"
    found = source.get(key) if isinstance(source, dict) else getattr(source, key, None)
    return found or DatePrecision.DAY


def profile_values(innovation: Innovation, affairs: dict[str, GovernmentAffair]) -> dict[str, Any]:
    """The innovation's profile as spreadsheet cell values, by field."""
    return {
        column.key: cell_value(
            column, getattr(innovation, column.key), affairs, precision_of(column, innovation)
        )
        for column in COLUMNS
    }
