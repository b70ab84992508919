"""What the all-or-nothing spreadsheet imports share: the error they report per row (shown by
core/_import_errors.html), the exception that rejects a whole file, and the blank-cell test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RowError:
    row: int | None  # as a spreadsheet numbers it (the header is row 1); None for the whole file
    column: str  # the column title, "" for the whole row or file
    message: str


class FileRejected(Exception):
    """The file cannot be read as a table at all: these errors, and no row is looked at."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
