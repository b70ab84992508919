"""Turning spreadsheet cells into profile values. Each parser returns the value or raises
CellError with a message for the user; lookups (OPDs, urusan, the vocabularies with the aliases
the platform admin added) are loaded once per import.

A blank cell (or a lone dash) says nothing: the importer keeps what is stored. Clearing a field is
explicit: the cell holds CLEAR_MARKER. "Belum ditentukan" is a real answer for tahapan, inisiator,
jenis, bentuk and urusan: the value is not known yet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import TextChoices
from django.utils.translation import gettext as _

from core.partial_dates import PartialDate, PartialDateError, parse_partial_date
from imports.vocabulary import Vocabulary, term, vocabulary
from rubric.models import GovernmentAffair
from tenants.innovations.models import Form, Initiator, Stage
from tenants.organization.models import OpdUnit
from tenants.organization.names import OpdMatcher
from tenants.spreadsheets.columns import (
    COORDINATE_RANGE,
    DIGITAL,
    NON_DIGITAL,
    Column,
    Kind,
    choice_labels,
    normalise,
)

CLEAR_MARKER = "[kosongkan]"
_CLEAR_TERMS = {term(CLEAR_MARKER)}
_SAYS_NOTHING = {"-", "\u2013", "\u2014", "--"}
UNKNOWN_TEXT = "Belum ditentukan"
_UNKNOWN_TERMS = {term(UNKNOWN_TEXT), "belum diketahui", "tidak diketahui"}
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
MONEY_DIGITS = 16
MAX_COMMAS_IN_NAME = 3  # the longest urusan names hold two commas
# Which vocabulary (imports/data/vocabulary/<name>.yaml) holds the other forms of each choice.
CHOICE_VOCABULARIES: dict[type[TextChoices], str] = {
    Stage: "stage",
    Initiator: "initiator",
    Form: "form",
}


class CellError(Exception):
    pass


def says_nothing(value: Any) -> bool:
    """A blank cell or a lone dash: nothing is said, the stored value stays."""
    return value is None or (isinstance(value, str) and value.strip() in ("", *_SAYS_NOTHING))


def asks_to_clear(value: Any) -> bool:
    return isinstance(value, str) and term(value) in _CLEAR_TERMS


def means_unknown(value: Any) -> bool:
    return isinstance(value, str) and term(value) in _UNKNOWN_TERMS


@dataclass
class Lookups:
    """Everything a row is checked against, read once per import."""

    opds: OpdMatcher
    digital: Vocabulary
    affairs: dict[str, str] = field(default_factory=dict)  # normalised name or code -> code
    affair_names: dict[str, str] = field(default_factory=dict)  # code -> name
    affair_codes: set[str] = field(default_factory=set)
    affair_vocabulary: Vocabulary | None = None
    choices: dict[type[TextChoices], Vocabulary] = field(default_factory=dict)

    @classmethod
    def load(cls, region_name: str = "", region_kind: str = "") -> Lookups:
        """In the region's schema."""
        lookups = cls(
            opds=OpdMatcher(OpdUnit.objects.all(), region_name, region_kind),
            choices={choices: choice_vocabulary(choices) for choices in (Stage, Initiator, Form)},
            digital=vocabulary("digital", {"true": DIGITAL, "false": NON_DIGITAL}),
        )
        for code, name in GovernmentAffair.objects.values_list("code", "name"):
            lookups.affairs[affair_key(code)] = code
            lookups.affairs[affair_key(name)] = code
            lookups.affair_names[code] = name
            lookups.affair_codes.add(code)
        lookups.affair_vocabulary = vocabulary("affair", lookups.affair_names)
        return lookups


def as_text(value: Any) -> str:
    """Cell text; whole numbers typed into a text column lose Excel's ".0"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%d/%m/%Y")
    return str(value).strip()


def choice_labels_by_value(choices: type[TextChoices]) -> dict[str, str]:
    return dict(zip(choices.values, choice_labels(choices), strict=True))


def choice_vocabulary(choices: type[TextChoices]) -> Vocabulary:
    return vocabulary(CHOICE_VOCABULARIES[choices], choice_labels_by_value(choices))


def did_you_mean(words: Vocabulary, value: Any) -> str:
    """ " Maksud Anda: …?" with the closest allowed values, or "" when none is close."""
    close = words.suggest(value)
    if not close:
        return ""
    return " " + _("Maksud Anda: %(values)s?") % {"values": ", ".join(close)}


def parse_choice(value: Any, choices: type[TextChoices], lookups: Lookups) -> str:
    if means_unknown(value):
        return ""
    words = lookups.choices[choices]
    code = words.resolve(as_text(value))
    if code is not None:
        return code
    wanted = normalise(as_text(value))
    for code, label in choices.choices:  # the labels of the interface's language too
        if wanted == normalise(label):
            return code
    raise CellError(
        _("Nilai %(value)s tidak dikenal; pilih salah satu: %(allowed)s.")
        % {
            "value": f"“{as_text(value)}”",
            "allowed": ", ".join([*choice_labels(choices), UNKNOWN_TEXT]),
        }
        + did_you_mean(words, as_text(value))
    )


def parse_digital(value: Any, lookups: Lookups) -> bool | None:
    if isinstance(value, bool):
        return value
    if means_unknown(value):
        return None
    if isinstance(value, int | float):
        value = int(value)
    answer = lookups.digital.resolve(as_text(value))
    if answer is None and as_text(value) in ("1", "0"):
        answer = "true" if as_text(value) == "1" else "false"
    if answer is None:
        raise CellError(
            _("Isi %(digital)s, %(non_digital)s atau %(unknown)s.")
            % {"digital": DIGITAL, "non_digital": NON_DIGITAL, "unknown": UNKNOWN_TEXT}
        )
    return answer == "true"


class UnknownOpd(CellError):
    """No unit of the region has this name; the admin may be offered to create it."""

    def __init__(self, message: str, proposed_name: str) -> None:
        super().__init__(message)
        self.proposed_name = proposed_name


def parse_opd(value: Any, lookups: Lookups) -> OpdUnit:
    text = as_text(value)
    unit = lookups.opds.match(text)
    if unit is None:
        close = lookups.opds.suggest(text)
        hint = " " + _("Maksud Anda: %(values)s?") % {"values": ", ".join(close)} if close else ""
        raise UnknownOpd(
            _("OPD %(value)s tidak ditemukan di daftar OPD daerah ini.") % {"value": f"“{text}”"}
            + hint,
            lookups.opds.proposed_name(text),
        )
    return unit


def affair_key(text: str) -> str:
    return normalise(re.sub(r"\s*,\s*", ", ", text))


def _affair(text: str, lookups: Lookups) -> str | None:
    if means_unknown(text):
        return ""
    code = lookups.affairs.get(affair_key(text))
    if code is None and lookups.affair_vocabulary is not None:
        code = lookups.affair_vocabulary.resolve(text)
    return code


def parse_affair(value: Any, lookups: Lookups) -> str:
    code = _affair(as_text(value), lookups)
    if code is None:
        hint = (
            did_you_mean(lookups.affair_vocabulary, as_text(value))
            if lookups.affair_vocabulary is not None
            else ""
        )
        raise CellError(
            _("Urusan %(value)s tidak dikenal; gunakan nama dari lembar Referensi.")
            % {"value": f"“{as_text(value)}”"}
            + hint
        )
    return code


def parse_affairs(value: Any, lookups: Lookups) -> list[str]:
    """Several urusan separated by commas or semicolons. Some names contain commas themselves
    ("Koperasi, Usaha Kecil, dan Menengah"), so pieces are joined greedily into the longest known
    name."""
    pieces = re.split(r"[;,\n]", as_text(value))
    codes: list[str] = []
    unknown: list[str] = []
    start = 0
    while start < len(pieces):
        if not pieces[start].strip():
            start += 1
            continue
        for end in range(min(len(pieces), start + MAX_COMMAS_IN_NAME + 1), start, -1):
            code = _affair(",".join(pieces[start:end]), lookups)
            if code is not None:
                if code and code not in codes:
                    codes.append(code)
                start = end
                break
        else:
            unknown.append(pieces[start].strip())
            start += 1
    if unknown:
        raise CellError(
            _("Urusan tidak dikenal: %(names)s; gunakan nama dari lembar Referensi.")
            % {"names": ", ".join(f"“{name}”" for name in unknown)}
        )
    return codes


def parse_date(value: Any) -> PartialDate:
    """A day, a month or a year, as written: "2 Februari 2021", "Februari 2021", "2021",
    "2021/02/02", "IGA 2023", an Excel date."""
    try:
        return parse_partial_date(value)
    except PartialDateError:
        raise CellError(
            _(
                "Tanggal %(value)s tidak dikenali; isi tanggal Excel, 2 Februari 2021, Februari 2021, 2021, atau dd/mm/yyyy."
            )
            % {"value": f"“{as_text(value)}”"}
        ) from None


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = as_text(value)
    return Decimal(text.replace(",", "."))


def parse_money(value: Any) -> Decimal:
    text = value
    if isinstance(value, str):
        text = re.sub(r"(?i)^rp\.?", "", value.strip()).replace(" ", "")
        text = re.sub(r"[,.]00$", "", text)  # "150.000.000,00"
        if THOUSANDS.match(text):
            text = text.replace(".", "")
    try:
        amount = _decimal(text)
    except (InvalidOperation, ValueError):
        raise CellError(_("Anggaran harus berupa angka rupiah, misalnya 150000000.")) from None
    if not amount.is_finite() or amount < 0:
        raise CellError(_("Anggaran tidak boleh negatif."))
    if amount != amount.to_integral_value():
        raise CellError(_("Anggaran ditulis dalam rupiah penuh, tanpa sen."))
    amount = amount.quantize(Decimal(1))
    if len(amount.as_tuple().digits) > MONEY_DIGITS:
        raise CellError(_("Anggaran terlalu besar."))
    return amount


def parse_coordinate(value: Any, limit: Decimal) -> Decimal:
    try:
        number = _decimal(value)
    except (InvalidOperation, ValueError):
        raise CellError(_("Isi angka desimal, misalnya -3.4417.")) from None
    if not number.is_finite() or not -limit <= number <= limit:
        raise CellError(_("Harus antara -%(limit)s dan %(limit)s.") % {"limit": limit})
    return number.quantize(Decimal("0.000001"))


def parse_url(value: Any) -> str:
    text = as_text(value)
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise CellError(_("Tautan tidak valid; diawali http:// atau https://.")) from None
    return text


def parse_text(value: Any, column: Column) -> str:
    text = as_text(value)
    limit = column.max_length
    if limit is not None and len(text) > limit:
        raise CellError(
            _("Terlalu panjang: %(length)d karakter, paling banyak %(limit)d.")
            % {"length": len(text), "limit": limit}
        )
    return text


def parse_cell(column: Column, value: Any, lookups: Lookups) -> Any:
    """The profile value of one filled cell."""
    if column.kind == Kind.CHOICE:
        assert column.choices is not None  # every CHOICE column names its choices
        return parse_choice(value, column.choices, lookups)
    if column.kind == Kind.DIGITAL:
        return parse_digital(value, lookups)
    if column.kind == Kind.OPD:
        return parse_opd(value, lookups)
    if column.kind == Kind.AFFAIR:
        return parse_affair(value, lookups)
    if column.kind == Kind.AFFAIRS:
        return parse_affairs(value, lookups)
    if column.kind == Kind.DATE:
        return parse_date(value)
    if column.kind == Kind.MONEY:
        return parse_money(value)
    if column.kind == Kind.COORDINATE:
        return parse_coordinate(value, COORDINATE_RANGE[column.key])
    if column.kind == Kind.URL:
        text = parse_url(value)
        return parse_text(text, column)
    return parse_text(value, column)


def empty_value(column: Column) -> Any:
    """What a cleared field stores."""
    if column.kind == Kind.AFFAIRS:
        return []
    if column.kind in (Kind.DATE, Kind.MONEY, Kind.COORDINATE, Kind.DIGITAL):
        return None
    return ""
