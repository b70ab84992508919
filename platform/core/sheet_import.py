"""What the all-or-nothing spreadsheet imports share: the error they report per row (shown by
core/_import_errors.html), the exception that rejects a whole file, and the blank-cell test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int | None  # as a spreadsheet numbers it (the header is row 1); None for the whole file
    column: str  # the column title, "" for the whole row or file
    message: str


def row_error_text(error: RowError) -> str:
    """The one way an import error reads as a line of text (the API's 400, the command's
    output): "Baris 4, kolom Tanggal: …", with only the parts the error has."""
    values = {"row": error.row, "column": error.column, "message": error.message}
    if error.row is not None and error.column:
        return _("Baris %(row)s, kolom %(column)s: %(message)s") % values
    if error.row is not None:
        return _("Baris %(row)s: %(message)s") % values
    if error.column:
        return _("Kolom %(column)s: %(message)s") % values
    return error.message


class FileRejected(Exception):
    """The file cannot be read as a table at all: these errors, and no row is looked at."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
