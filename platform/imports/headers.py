"""Finding the header of an uploaded table, for every importer.

Published sheets often carry a title, a date or an empty line above the header ("DAFTAR INOVASI
DAERAH KABUPATEN … TAHUN 2023"): the header is the first of the leading rows that names the
columns an importer cannot do without. Titles compare as header keys: no case, underscores,
marks of required columns or a unit in parentheses ("Kode_Wilayah", "INDEKS (0-100)*" and
"indeks" match), and each importer lists the other titles it accepts per column."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

from core.sheet_import import FileRejected, RowError, is_blank

HEADER_SEARCH_ROWS = 10
T = TypeVar("T")


def header_key(value: object) -> str:
    text = re.sub(r"\(.*?\)", " ", str(value)).replace("_", " ").replace("*", " ")
    return " ".join(text.split()).strip(" :.").casefold()


@dataclass
class Header(Generic[T]):
    row: int  # as the spreadsheet numbers it
    columns: dict[int, T]  # by position, each column once
    data: list[tuple[int, tuple]]  # the rows below the header


def find_header(
    lines: Sequence[tuple[int, tuple]],
    titles: dict[str, T],
    *,
    key_of: Callable[[T], str],
    title_of: Callable[[T], str],
    is_header: Callable[[set[str]], bool],
) -> Header[T]:
    """The header among the first rows (`titles`: every accepted header key → its column), or
    the first row when none qualifies (the importer then says which columns are missing). Raises
    FileRejected for an empty file or a column named twice."""
    if not lines:
        raise FileRejected([RowError(None, "", _("Berkas kosong."))])
    chosen = 0
    for position, (_number, values) in enumerate(lines[:HEADER_SEARCH_ROWS]):
        keys = {key_of(column) for column in _match(values, titles).values()}
        if is_header(keys):
            chosen = position
            break
    row, values = lines[chosen]
    errors: list[RowError] = []
    columns: dict[int, T] = {}
    seen: set[str] = set()
    for position, column in sorted(_match(values, titles).items()):
        if key_of(column) in seen:
            errors.append(RowError(row, title_of(column), _("Kolom ini muncul lebih dari sekali.")))
            continue
        seen.add(key_of(column))
        columns[position] = column
    if errors:
        raise FileRejected(errors)
    return Header(row, columns, list(lines[chosen + 1 :]))


def _match(values: tuple, titles: dict[str, T]) -> dict[int, T]:
    matched: dict[int, T] = {}
    for position, value in enumerate(values):
        if is_blank(value):
            continue
        column = titles.get(header_key(value))
        if column is not None:  # other columns (No, notes, scores) are ignored
            matched[position] = column
    return matched


def titles_index(columns: Iterable[T], titles_of: Callable[[T], Iterable[str]]) -> dict[str, T]:
    """Every accepted title of every column, by header key (the first column naming a title
    keeps it)."""
    index: dict[str, T] = {}
    for column in columns:
        for title in titles_of(column):
            index.setdefault(header_key(title), column)
    return index
