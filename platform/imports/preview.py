"""What an import would do, row by row, before anything is written: created, changed (each field
old → new), unchanged, or rejected with its reasons; plus what the admin must agree to first (a new
OPD). Kept as JSON on the import run; its fingerprint tells whether a later check still plans
exactly the same, so a confirmation never applies something the admin did not see."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from core.sheet_import import RowError


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECT = "reject"


@dataclass
class FieldChange:
    column: str
    old: str
    new: str


@dataclass
class Problem:
    column: str
    message: str


@dataclass
class RowPreview:
    row: int
    label: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # A row that can be applied only once the admin agrees to create this (e.g. a new OPD).
    needs: str = ""
    # Accepted, but worth a look before confirming (e.g. a predicate against its year's band).
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[RowPreview] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    # What applying will do besides the rows (e.g. the demo results of a year it replaces).
    notes: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            name: self.count(name)
            for name in (Action.CREATE, Action.UPDATE, Action.UNCHANGED, Action.REJECT)
        }

    def row_errors(self) -> list[RowError]:
        """The rejected rows' reasons, as the error table and the command line list them."""
        return [
            RowError(row.row, problem.column, problem.message)
            for row in self.rows
            for problem in row.problems
        ]

    @property
    def applicable(self) -> int:
        return self.count(Action.CREATE) + self.count(Action.UPDATE)

    def fingerprint(self) -> str:
        text = json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": [asdict(row) for row in self.rows],
            "proposals": list(self.proposals),
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Preview:
        rows = [
            RowPreview(
                row=item["row"],
                label=item["label"],
                action=item["action"],
                changes=[FieldChange(**change) for change in item.get("changes", [])],
                problems=[Problem(**problem) for problem in item.get("problems", [])],
                needs=item.get("needs", ""),
                warnings=[Problem(**warning) for warning in item.get("warnings", [])],
            )
            for item in data.get("rows", [])
        ]
        return cls(
            rows=rows,
            proposals=list(data.get("proposals", [])),
            notes=list(data.get("notes", [])),
        )
