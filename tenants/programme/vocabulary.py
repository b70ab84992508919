"""The kinds of learning events, read from data/event_kinds.yaml (with its source). The model
field takes its choices from here (a callable), so a data change needs no migration."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data" / "event_kinds.yaml"


@dataclass(frozen=True)
class EventKind:
    code: str
    label: str
    description: str


@functools.cache
def event_kinds() -> tuple[EventKind, ...]:
    document = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        EventKind(str(item["code"]), str(item["label"]), str(item.get("description", "")))
        for item in document["kinds"]
    )


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.code, kind.label) for kind in event_kinds()]


def kind_label(code: str) -> str:
    return next((kind.label for kind in event_kinds() if kind.code == code), code)
